import Foundation
import Testing

@testable import PomoServer

/// The NUL guard's byte scan finds `%00` exactly where Foundation's `contains` does.
@Suite struct NULGuardTests {
    @Test func findsEncodedNULAsFoundationDoes() {
        let pieces = ["%", "0", "00", "%0", "%00", "a", "/", "?", "=", "é", "🍅", "%2F", "0%", "%%"]
        var generator = SystemRandomNumberGenerator()
        var samples = [""] + pieces
        for _ in 0..<20_000 {
            let count = Int.random(in: 1...6, using: &generator)
            samples.append((0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        var found = 0
        for text in samples {
            let expected = text.contains("%00")
            #expect(NULGuardMiddleware.containsEncodedNUL(text) == expected, "\(text)")
            if expected { found += 1 }
        }
        // Both answers occur often enough for the comparison to mean something.
        #expect(found > 1_000 && found < samples.count - 1_000)
    }
}
