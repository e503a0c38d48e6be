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
    public static func format(_ date: Date) -> String {
        let ms = milliseconds(date)
        let style =
            ms % 1000 == 0 ? Date.ISO8601FormatStyle() : Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        return date.formatted(style)
    }

    /// Accepts RFC 3339 with any offset, with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}
