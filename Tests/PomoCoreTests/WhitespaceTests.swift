import PomoCore
import Testing

/// Trimming and blank checks agree with the Character-by-Character definition, for text with
/// and without the ASCII shortcut (edges of ASCII whitespace around visible ASCII): Unicode
/// spaces, combining marks, CR LF, controls, emoji, a prepended mark.
@Suite struct WhitespaceTests {
    static let pieces = [
        "a", "Z", "0", "~", "!", " ", "  ", "\t", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{1C}", "\u{7F}", "\u{85}",
        "\u{A0}", "\u{2003}",
        "\u{3000}", "\u{301}", "e\u{301}", "🍅", "👩‍💻", "é", "\u{600}", "Fokus",
    ]

    @Test func agreesWithTheCharacterDefinition() {
        var generator = SystemRandomNumberGenerator()
        var samples = [""] + Self.pieces
        for _ in 0..<20_000 {
            let count = Int.random(in: 1...5, using: &generator)
            samples.append((0..<count).map { _ in Self.pieces.randomElement(using: &generator)! }.joined())
        }
        for text in samples {
            #expect(text.trimmingWhitespace() == Self.reference(text), "\(text.unicodeScalars.map(\.value))")
            #expect(text.isBlank == text.allSatisfy(\.isWhitespace), "\(text.unicodeScalars.map(\.value))")
            let sub = text.dropFirst(0)
            #expect(sub.trimmingWhitespace() == Self.reference(text))
        }
    }

    private static func reference(_ text: String) -> String {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = text.lastIndex(where: { !$0.isWhitespace })!
        return String(text[first...last])
    }
}
