import Foundation
import Testing

@testable import PomoCore

@Suite struct TimestampTests {
    @Test func parsesAnyOffsetAndEmitsUTC() throws {
        let date = try #require(Timestamp.parse("2025-08-17T16:30:00+02:00"))
        #expect(Timestamp.format(date) == "2025-08-17T14:30:00Z")
        let fractional = try #require(Timestamp.parse("2025-08-23T14:30:00.250Z"))
        #expect(Timestamp.format(fractional) == "2025-08-23T14:30:00.250Z")
        #expect(Timestamp.parse("yesterday") == nil)
    }

    /// The hand-written formatter against Foundation's, over whole seconds from year 1 to 9999
    /// (leap days, century years, before 1970, before the Gregorian reform, where both use
    /// Foundation's calendar), and with milliseconds the stored value exactly.
    @Test func formatAgreesWithFoundationFromYear1To9999() throws {
        var generator = SystemRandomNumberGenerator()
        let first: Int64 = -62_135_596_800  // 0001-01-01T00:00:00Z
        let last: Int64 = 253_402_300_799  // 9999-12-31T23:59:59Z
        var seconds: [Int64] = [
            first, last, 0, -1, 951_782_400, 951_868_799, 4_107_542_400, -2_203_891_200, -12_212_553_600,
            -12_212_553_601,
        ]
        seconds += (0..<20_000).map { _ in Int64.random(in: first...last, using: &generator) }
        for second in seconds {
            let date = Date(timeIntervalSince1970: TimeInterval(second))
            #expect(Timestamp.format(date) == date.formatted(Date.ISO8601FormatStyle()), "\(second)")
            let ms = second * 1000 + Int64.random(in: 1...999, using: &generator)
            let withFraction = Timestamp.format(Timestamp.date(milliseconds: ms))
            #expect(withFraction.hasPrefix(String(date.formatted(Date.ISO8601FormatStyle()).dropLast())))
            #expect(withFraction.hasSuffix(String(format: ".%03dZ", Int((ms % 1000 + 1000) % 1000))), "\(ms)")
        }
        #expect(Timestamp.format(Timestamp.date(milliseconds: -500)) == "1969-12-31T23:59:59.500Z")
    }

    /// What the style reads, in the form the hand-written reader takes (fraction digits 0-3, `Z` or
    /// offsets to ±14:00, years 1583-9999), which it must read to the same millisecond.
    @Test func commonFormIsReadAsTheStyleReadsIt() throws {
        var generator = SystemRandomNumberGenerator()
        let first: Int64 = -12_212_553_600  // 1583-01-01T00:00:00Z
        let last: Int64 = 253_402_300_799 - 14 * 3600
        for _ in 0..<20_000 {
            let ms = Int64.random(in: first * 1000...last * 1000, using: &generator)
            let offsetMinutes = Int.random(in: -14 * 60...14 * 60, using: &generator)
            let local = Date(timeIntervalSince1970: Double(ms) / 1000 + Double(offsetMinutes * 60))
            let digits = Int.random(in: 0...3, using: &generator)
            var text = String(Timestamp.format(Timestamp.date(milliseconds: Timestamp.milliseconds(local))).prefix(19))
            if digits > 0 {
                text += "." + String(String(1000 + Int((ms % 1000 + 1000) % 1000)).dropFirst().prefix(digits))
            }
            let sign = offsetMinutes < 0 ? "-" : "+"
            let zone =
                offsetMinutes == 0 && Bool.random(using: &generator)
                ? "Z" : sign + String(format: "%02d:%02d", abs(offsetMinutes) / 60, abs(offsetMinutes) % 60)
            text += zone
            let ours = try #require(Timestamp.parseCommonForm(text), "\(text)")
            let style = try #require(Self.styleParse(text), "\(text)")
            #expect(Timestamp.milliseconds(ours) == Timestamp.milliseconds(style), "\(text)")
        }
    }

    /// Outside that form the hand-written reader declines and the style decides, as before.
    @Test func otherFormsAreLeftToTheStyle() {
        let declined = [
            "2025-02-29T10:00:00Z", "2024-02-30T10:00:00Z", "2025-04-31T10:00:00Z", "2025-13-01T10:00:00Z",
            "2025-00-10T10:00:00Z", "2025-08-00T10:00:00Z", "2025-08-23T24:00:00Z", "2025-08-23T23:60:00Z",
            "2025-08-23T23:59:60Z", "2025-08-23T14:30:00.1234Z", "2025-08-23T14:30:00.Z", "2025-08-23T14:30:00+14:01",
            "2025-08-23T14:30:00+02:60", "2025-08-23T14:30:00+0200", "2025-08-23T14:30:00+02", "2025-08-23t14:30:00Z",
            "2025-08-23T14:30:00z", "2025-08-23 14:30:00Z", "2025-08-23T14:30:00", "2025-08-23T14:30Z",
            "1582-10-15T00:00:00Z",
            "+2025-08-23T14:30:00Z", "2025-08-23T14:30:00Z ", " 2025-08-23T14:30:00Z", "2025-8-23T14:30:00Z", "",
            "2025-08-23T14:30:00.000000001Z", "１２３４-08-23T14:30:00Z",
        ]
        for text in declined {
            #expect(Timestamp.parseCommonForm(text) == nil, "\(text)")
            #expect(Timestamp.parse(text) == Self.styleParse(text), "\(text)")
        }
        let accepted = [
            "2024-02-29T23:59:59.999Z", "2000-02-29T00:00:00Z", "1583-01-01T00:00:00+00:00", "9999-12-31T23:59:59Z",
            "2025-08-23T14:30:00.5-14:00", "2025-08-23T14:30:00.25+14:00", "2025-08-17T16:30:00+05:45",
        ]
        for text in accepted {
            let ours = Timestamp.parseCommonForm(text)
            #expect(
                ours != nil && ours.map(Timestamp.milliseconds) == Self.styleParse(text).map(Timestamp.milliseconds),
                "\(text)")
        }
    }

    private static func styleParse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
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

@Suite struct LocalDateTests {
    /// The day in a zone, against Foundation's calendar: random instants from year 1 to 9999 in
    /// zones with odd offsets and daylight saving, plus the instants around a DST change and
    /// midnight, and an unknown zone (UTC).
    @Test func localDayAgreesWithFoundationsCalendar() {
        var generator = SystemRandomNumberGenerator()
        let zones = [
            "UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Kiritimati",
            "Pacific/Pago_Pago", "America/St_Johns", "Asia/Kathmandu", "Nowhere/Unknown",
        ]
        var seconds: [Double] = [
            0, -1, 1_711_846_800, 1_711_846_799, 1_729_990_800, 951_782_399, 951_782_400, 951_782_399.9996, -0.0001,
        ]
        seconds += (0..<3_000).map { _ in Double(Int64.random(in: -62_135_596_800...253_402_200_000, using: &generator))
        }
        seconds += (0..<1_000).map { _ in Double.random(in: 1_500_000_000...1_900_000_000, using: &generator) }
        for zoneName in zones {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: zoneName) ?? .gmt
            for second in seconds {
                let date = Date(timeIntervalSince1970: second)
                let parts = calendar.dateComponents([.year, .month, .day], from: date)
                let expected = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
                #expect(LocalDate.string(for: date, timezone: zoneName) == expected, "\(zoneName) \(second)")
            }
        }
    }
}
