import Foundation

/// A user's points, streaks, badges and session statistics, computed from their sessions in
/// their own time zone (the Game's `GET /api/user/data`).
public struct UserStats: Sendable, Equatable {
    public var pointsTotal = 0.0
    public var pointsToday = 0.0
    public var pointsThisWeek = 0.0
    public var pointsThisMonth = 0.0
    public var currentStreak = 0
    public var longestStreak = 0
    public var daysActiveThisWeek = 0
    public var daysActiveThisMonth = 0
    public var badges: [String] = []
    public var totalSessions = 0
    public var totalMinutes = 0.0
    public var averageSessionLength = 0.0
    public var mostProductiveHour: Int?
    public var favoriteCategory: String?

    public init() {}

    /// `sessions`: the user's finished work sessions (completed, and cancelled for their partial points).
    public static func compute(_ sessions: [FocusSession], timezone: String, now: Date) -> UserStats {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: timezone) ?? .gmt
        let today = LocalDate.string(for: now, timezone: timezone)
        let weekStart = LocalDate.string(
            for: calendar.dateInterval(of: .weekOfYear, for: now)?.start ?? now, timezone: timezone)
        let monthStart = String(today.prefix(8)) + "01"
        var stats = UserStats()
        var activeDays = Set<String>()
        var minutesByHour: [Int: Double] = [:]
        var sessionsByCategory: [String: Int] = [:]
        for session in sessions where session.kind == .work {
            let points = session.pof?.points ?? 0
            stats.pointsTotal += points
            if session.localDate == today { stats.pointsToday += points }
            if session.localDate >= weekStart { stats.pointsThisWeek += points }
            if session.localDate >= monthStart { stats.pointsThisMonth += points }
            guard session.status == .completed else { continue }
            let minutes = session.durationMinutes ?? 0
            activeDays.insert(session.localDate)
            stats.totalSessions += 1
            stats.totalMinutes += minutes
            minutesByHour[calendar.component(.hour, from: session.startedAt), default: 0] += minutes
            if let category = session.category { sessionsByCategory[category, default: 0] += 1 }
            if calendar.component(.hour, from: session.startedAt) < 7 { stats.badges.append("early_bird") }
            if minutes >= 90 { stats.badges.append("marathon_session") }
            if calendar.isDateInWeekend(session.startedAt) { stats.badges.append("weekend_warrior") }
        }
        for key in [\UserStats.pointsTotal, \.pointsToday, \.pointsThisWeek, \.pointsThisMonth] {
            stats[keyPath: key] = (stats[keyPath: key] * 10).rounded() / 10
        }
        stats.daysActiveThisWeek = activeDays.filter { $0 >= weekStart && $0 <= today }.count
        stats.daysActiveThisMonth = activeDays.filter { $0 >= monthStart && $0 <= today }.count
        (stats.currentStreak, stats.longestStreak) = streaks(activeDays, today: today, calendar: calendar)
        if stats.longestStreak >= 7 { stats.badges.append("consistent_week") }
        if stats.totalSessions >= 100 { stats.badges.append("power_user") }
        stats.badges = Array(Set(stats.badges)).sorted()
        stats.averageSessionLength =
            stats.totalSessions == 0 ? 0 : (stats.totalMinutes / Double(stats.totalSessions) * 10).rounded() / 10
        stats.mostProductiveHour = minutesByHour.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key
        stats.favoriteCategory = sessionsByCategory.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
        return stats
    }

    /// The current and longest runs of active days, in a zone.
    public static func streaks(days: Set<String>, today: String, timezone: String) -> (current: Int, longest: Int) {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: timezone) ?? .gmt
        let (current, longest) = streaks(days, today: today, calendar: calendar)
        return (current, longest)
    }

    /// Runs of consecutive active days: the one reaching today (or yesterday, while today is
    /// still open), and the longest.
    static func streaks(_ days: Set<String>, today: String, calendar: Calendar) -> (Int, Int) {
        let dates = days.compactMap { day -> Date? in
            let parts = day.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3 else { return nil }
            return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
        }.sorted()
        var longest = 0
        var run = 0
        var previous: Date?
        for date in dates {
            if let previous, calendar.dateComponents([.day], from: previous, to: date).day == 1 {
                run += 1
            } else {
                run = 1
            }
            longest = max(longest, run)
            previous = date
        }
        guard let last = dates.last else { return (0, longest) }
        let lastDay = LocalDate.string(for: last, timezone: calendar.timeZone.identifier)
        let gap =
            calendar.dateComponents(
                [.day], from: last,
                to: calendar.date(
                    from: DateComponents(
                        year: Int(today.prefix(4)), month: Int(today.dropFirst(5).prefix(2)), day: Int(today.suffix(2)))
                )!
            ).day ?? 99
        return (lastDay == today || gap == 1 ? run : 0, longest)
    }
}
