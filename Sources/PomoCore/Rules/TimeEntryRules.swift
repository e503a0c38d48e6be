import Foundation

/// How an entry's end and duration follow from what the client sent (REFERENCE.md 4.3.5): the
/// duration is computed from begin and end, in whole seconds; a duration alone sets the end.
public enum TimeEntryRules {
    public static func times(begin: Date, end: Date?, duration: Int64?) throws -> (end: Date?, duration: Int64?) {
        if let end {
            guard end >= begin else { throw AppError.validation("end_time", "must be after begin_time") }
            return (end, seconds(from: begin, to: end))
        }
        guard let duration else { return (nil, nil) }
        guard duration >= 0 else { throw AppError.validation("duration", "must be greater than or equal to 0") }
        guard duration <= maxDuration else { throw AppError.validation("duration", "is too long") }
        return (begin.addingTimeInterval(Double(duration)), duration)
    }

    public static func seconds(from begin: Date, to end: Date) -> Int64 {
        (Timestamp.milliseconds(end) - Timestamp.milliseconds(begin)) / 1000
    }

    /// Instants Pomo stores: years 1970 to 9999, so every one of them formats as RFC 3339.
    public static func checkInstant(_ date: Date, field: String) throws {
        guard date >= Date(timeIntervalSince1970: 0), date <= Subscription.openEnded else {
            throw AppError.validation(field, "is out of range")
        }
    }

    /// Ten years, so an end computed from it stays in range.
    static let maxDuration: Int64 = 10 * 366 * 86_400
}
