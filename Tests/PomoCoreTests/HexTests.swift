import Foundation
import PomoCore
import Testing

/// Stored digests (API keys, sessions, calendar tokens) were written with `String(format:
/// "%02x")`: the table gives the same text for every byte, or no stored key would match again.
@Suite struct HexTests {
    @Test func everyByteIsWrittenAsTheFormatterWroteIt() {
        let all = (0...255).map { UInt8($0) }
        #expect(Hex.string(all) == all.map { String(format: "%02x", $0) }.joined())
        #expect(Hex.string([UInt8]()) == "")
        #expect(Hex.string([0x00, 0x0F, 0xA0, 0xFF]) == "000fa0ff")
    }
}
