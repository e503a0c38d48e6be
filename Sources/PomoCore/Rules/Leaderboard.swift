import Foundation

public enum LeaderboardPeriod: String, Sendable, CaseIterable {
    case daily, weekly, monthly
    case allTime = "all_time"

    /// The local-date span of the period containing `today`, and of the one before it.
    public func spans(today: Date, timezone: String) -> (current: (String, String)?, previous: (String, String)?) {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: timezone) ?? .gmt
        let component: Calendar.Component
        switch self {
        case .daily: component = .day
        case .weekly: component = .weekOfYear
        case .monthly: component = .month
        case .allTime: return (nil, nil)
        }
        guard let current = calendar.dateInterval(of: component, for: today),
            let previousDay = calendar.date(byAdding: .second, value: -1, to: current.start),
            let previous = calendar.dateInterval(of: component, for: previousDay)
        else { return (nil, nil) }
        func span(_ interval: DateInterval) -> (String, String) {
            (
                LocalDate.string(for: interval.start, timezone: timezone),
                LocalDate.string(for: interval.end.addingTimeInterval(-1), timezone: timezone)
            )
        }
        return (span(current), span(previous))
    }
}

/// What the leaderboard ranks by, best first; ties go to the username that sorts first.
public enum LeaderboardMetric: String, Sendable, CaseIterable {
    case points, sessions, minutes
}
