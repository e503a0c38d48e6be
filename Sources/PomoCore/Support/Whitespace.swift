extension StringProtocol {
    /// Without leading and trailing whitespace (spaces, tabs, newlines and the other Unicode
    /// spaces). Swift-native: Foundation's `trimmingCharacters(in:)` bridges through NSString,
    /// which showed up at 4 % of a submit's CPU in a profile.
    public func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return String(self[first...last])
    }

    /// Whether it holds nothing but whitespace.
    public var isBlank: Bool { allSatisfy(\.isWhitespace) }
}
