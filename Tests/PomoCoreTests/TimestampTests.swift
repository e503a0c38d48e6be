import Foundation
import PomoCore
import Testing

@Suite struct TimestampTests {
    @Test func parsesAnyOffsetAndEmitsUTC() throws {
        let date = try #require(Timestamp.parse("2025-08-17T16:30:00+02:00"))
        #expect(Timestamp.format(date) == "2025-08-17T14:30:00Z")
        let fractional = try #require(Timestamp.parse("2025-08-23T14:30:00.250Z"))
        #expect(Timestamp.format(fractional) == "2025-08-23T14:30:00.250Z")
        #expect(Timestamp.parse("yesterday") == nil)
    }

    @Test func millisecondsRoundTrip() {
        let date = Date(timeIntervalSince1970: 1_755_441_000.123)
        #expect(Timestamp.date(milliseconds: Timestamp.milliseconds(date)).timeIntervalSince1970 == 1_755_441_000.123)
    }

    @Test func base64URLMatchesFoundation() {
        for length in 0...40 {
            let bytes = (0..<length).map { UInt8(($0 * 37 + 11) % 256) }
            let foundation = Data(bytes).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            #expect(Base64URL.encode(bytes) == foundation)
        }
    }
}
