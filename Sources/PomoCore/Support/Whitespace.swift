extension String {
    /// Without leading and trailing whitespace (spaces, tabs, newlines and the other Unicode
    /// spaces). Swift-native: Foundation's `trimmingCharacters(in:)` bridges through NSString,
    /// which showed up at 4 % of a submit's CPU in a profile.
    public func trimmingWhitespace() -> String { Whitespace.trimmed(self) }

    /// Whether it holds nothing but whitespace.
    public var isBlank: Bool { Whitespace.isBlank(self) }
}

extension Substring {
    /// Without leading and trailing whitespace, as `String.trimmingWhitespace()`.
    public func trimmingWhitespace() -> String { Whitespace.trimmed(self) }

    /// Whether it holds nothing but whitespace.
    public var isBlank: Bool { Whitespace.isBlank(self) }
}

/// One implementation for `String` and `Substring`, specialized for each here: a generic
/// `StringProtocol` extension is called unspecialized from other modules, and that cost 1 % of
/// a submit (a `Substring` of the Authorization header) in a profile.
///
/// Edges of ASCII whitespace (tab, newlines, vertical tab, form feed, space) around a visible
/// ASCII character, as nearly every field and header has, are trimmed by their bytes without
/// walking Characters: such a byte is a whole Character (or half of CR LF), and no Character
/// joins a visible ASCII character to the whitespace beside it. Anything else at an edge
/// (other controls, non-ASCII) is settled Character by Character.
enum Whitespace {
    @inline(__always)
    static func trimmed<Text: StringProtocol>(_ text: Text) -> String where Text.UTF8View: BidirectionalCollection {
        let bytes = text.utf8
        var start = bytes.startIndex
        while start != bytes.endIndex, bytes[start].isASCIIWhitespace { bytes.formIndex(after: &start) }
        guard start != bytes.endIndex else { return "" }
        if bytes[start].isVisibleASCII {
            var end = bytes.endIndex
            while bytes[bytes.index(before: end)].isASCIIWhitespace { bytes.formIndex(before: &end) }
            if bytes[bytes.index(before: end)].isVisibleASCII {
                if start == bytes.startIndex && end == bytes.endIndex { return String(text) }
                return String(text[start..<end])
            }
        }
        guard let first = text.firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = text.lastIndex(where: { !$0.isWhitespace })!
        return String(text[first...last])
    }

    @inline(__always)
    static func isBlank<Text: StringProtocol>(_ text: Text) -> Bool {
        for byte in text.utf8 where !byte.isASCIIWhitespace {
            return byte.isVisibleASCII ? false : text.allSatisfy(\.isWhitespace)
        }
        return true
    }
}

extension UInt8 {
    /// Printable ASCII other than the space: never whitespace, never part of a Character with any.
    fileprivate var isVisibleASCII: Bool { self > 0x20 && self < 0x7f }

    /// Tab, line feed, vertical tab, form feed, carriage return and space: the ASCII scalars
    /// Unicode calls White_Space.
    fileprivate var isASCIIWhitespace: Bool { self == 0x20 || (0x09...0x0D).contains(self) }
}
