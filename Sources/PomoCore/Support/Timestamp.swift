import Foundation

/// Instants are stored as whole milliseconds since 1970 in UTC and emitted as RFC 3339 with `Z`.
public enum Timestamp {
    public static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    public static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// `2025-08-17T14:30:00Z`, or with milliseconds when the instant has them.
    ///
    /// Written out by hand for years 1583-9999 (the civil calendar from days since 1970, Howard
    /// Hinnant's algorithm): every listed session carries several instants, and
    /// `Date.ISO8601FormatStyle` was 5 % of a history page's CPU. Other years use the style,
    /// which, like `parse`, counts days before the Gregorian reform in the Julian calendar.
    public static func format(_ date: Date) -> String {
        // Written straight into the string's storage (appending scalar by scalar showed at 1 % of
        // a submit in a profile).
        var written = true
        let text = String(unsafeUninitializedCapacity: 24) { bytes in
            guard let count = write(date, into: bytes) else {
                written = false
                return 0
            }
            return count
        }
        return written ? text : fallback(date)
    }

    /// The years the fast path writes as four digits; Foundation writes the others.
    private static func fallback(_ date: Date) -> String {
        let ms = milliseconds(date)
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let fraction = Int(ms - seconds * 1000)
        let whole = Date(timeIntervalSince1970: TimeInterval(seconds)).formatted(Date.ISO8601FormatStyle())
        return fraction == 0 ? whole : whole.dropLast() + "." + String(1000 + fraction).dropFirst() + "Z"
    }

    /// The most bytes `write(_:into:)` writes: `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    public static let longestWritten = 24

    /// Writes what `format` returns into `bytes` (`longestWritten` at most) and returns the
    /// count; nil for a year outside 1583-9999, which only `format` writes.
    public static func write(_ date: Date, into bytes: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        let ms = milliseconds(date)
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let fraction = Int(ms - seconds * 1000)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = civil(daysSince1970: days)
        guard (1583...9999).contains(year) else { return nil }
        guard let out = bytes.baseAddress, bytes.count >= longestWritten else { return nil }
        // Fixed places, two digits at a time: constant divisors, no loop.
        func two(_ value: Int, at index: Int) {
            out[index] = UInt8(truncatingIfNeeded: 48 + value / 10)
            out[index + 1] = UInt8(truncatingIfNeeded: 48 + value % 10)
        }
        two(Int(year) / 100, at: 0)
        two(Int(year) % 100, at: 2)
        out[4] = UInt8(ascii: "-")
        two(month, at: 5)
        out[7] = UInt8(ascii: "-")
        two(day, at: 8)
        out[10] = UInt8(ascii: "T")
        two(secondOfDay / 3600, at: 11)
        out[13] = UInt8(ascii: ":")
        two(secondOfDay / 60 % 60, at: 14)
        out[16] = UInt8(ascii: ":")
        two(secondOfDay % 60, at: 17)
        guard fraction != 0 else {
            out[19] = UInt8(ascii: "Z")
            return 20
        }
        out[19] = UInt8(ascii: ".")
        out[20] = UInt8(truncatingIfNeeded: 48 + fraction / 100)
        two(fraction % 100, at: 21)
        out[23] = UInt8(ascii: "Z")
        return 24
    }

    /// Year, month and day of the proleptic Gregorian calendar, `days` after 1970-01-01.
    static func civil(daysSince1970 days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * shifted + 2) / 5 + 1)
        let month = Int(shifted < 10 ? shifted + 3 : shifted - 9)
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Accepts RFC 3339 with any offset, with or without fractional seconds.
    ///
    /// The form clients send nearly always (`2025-08-23T14:30:00Z`, up to three fraction digits,
    /// `Z` or an offset up to 14 hours, years 1583-9999) is read by hand: `Date.ISO8601FormatStyle`
    /// cost 1.7 % of a submit's CPU. Everything else, valid or not, goes to the style, so what is
    /// accepted and what it means are the style's (`TimestampTests` compares the two).
    public static func parse(_ text: String) -> Date? {
        if let date = parseCommonForm(text) { return date }
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }

    /// `YYYY-MM-DDTHH:MM:SS[.f{1,3}](Z|±HH:MM)` with every field in range, else nil.
    static func parseCommonForm(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { bytes -> Date? in
            func number(_ start: Int, _ count: Int) -> Int? {
                guard start + count <= bytes.count else { return nil }
                var value = 0
                for index in start..<start + count {
                    let digit = Int(bytes[index]) &- 48
                    guard (0...9).contains(digit) else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            func byte(_ index: Int, is character: Unicode.Scalar) -> Bool {
                index < bytes.count && bytes[index] == UInt8(ascii: character)
            }
            guard let year = number(0, 4), byte(4, is: "-"), let month = number(5, 2), byte(7, is: "-"),
                let day = number(8, 2), byte(10, is: "T"), let hour = number(11, 2), byte(13, is: ":"),
                let minute = number(14, 2), byte(16, is: ":"), let second = number(17, 2)
            else { return nil }
            var index = 19
            var milliseconds = 0
            if byte(index, is: ".") {
                var count = 0
                index += 1
                while let digit = number(index, 1) {
                    guard count < 3 else { return nil }
                    milliseconds = milliseconds * 10 + digit
                    count += 1
                    index += 1
                }
                guard count > 0 else { return nil }
                for _ in count..<3 { milliseconds *= 10 }
            }
            var offset = 0
            if byte(index, is: "Z") {
                index += 1
            } else if byte(index, is: "+") || byte(index, is: "-") {
                guard let hours = number(index + 1, 2), byte(index + 3, is: ":"), let minutes = number(index + 4, 2),
                    minutes < 60, hours * 60 + minutes <= 14 * 60
                else { return nil }
                offset = (hours * 3600 + minutes * 60) * (byte(index, is: "-") ? -1 : 1)
                index += 6
            } else {
                return nil
            }
            guard index == bytes.count, (1583...9999).contains(year), (1...12).contains(month),
                (1...daysIn(month: month, year: year)).contains(day), hour < 24, minute < 60, second < 60
            else { return nil }
            let seconds =
                daysSince1970(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
                - offset
            return date(milliseconds: Int64(seconds) * 1000 + Int64(milliseconds))
        }
    }

    /// Days from 1970-01-01 to this day of the proleptic Gregorian calendar (the inverse of `civil`).
    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
