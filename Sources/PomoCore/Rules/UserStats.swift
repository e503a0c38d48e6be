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

    /// The stats from a user's maintained totals: what `GET /api/user/data` reads, a few rows
    /// whatever the length of the history. Equal to `compute(_:timezone:now:)` over the same
    /// sessions, except that a session's hour and weekday are those of the zone it was started
    /// in (where its local date comes from), not of the zone the user has now.
    public static func compute(_ snapshot: FocusStatsSnapshot, timezone: String, now: Date) -> UserStats {
        let (today, weekStart, monthStart) = periods(timezone: timezone, now: now)
        var stats = UserStats()
        let all = snapshot.all
        stats.pointsTotal = all.points
        for (day, totals) in snapshot.days {
            if day == today { stats.pointsToday += totals.points }
            if day >= weekStart { stats.pointsThisWeek += totals.points }
            if day >= monthStart { stats.pointsThisMonth += totals.points }
            guard totals.completed > 0, day <= today else { continue }
            if day >= weekStart { stats.daysActiveThisWeek += 1 }
            if day >= monthStart { stats.daysActiveThisMonth += 1 }
        }
        for key in [\UserStats.pointsTotal, \.pointsToday, \.pointsThisWeek, \.pointsThisMonth] {
            stats[keyPath: key] = (stats[keyPath: key] * 10).rounded() / 10
        }
        stats.totalSessions = all.completed
        stats.totalMinutes = all.minutes
        stats.currentStreak = snapshot.latestRun?.current(today: today) ?? 0
        stats.longestStreak = snapshot.longestStreak
        let hours = snapshot.hours.filter { $0.value.completed > 0 }
        if hours.keys.contains(where: { $0 < 7 }) { stats.badges.append("early_bird") }
        if all.completed > 0, all.maxMinutes >= 90 { stats.badges.append("marathon_session") }
        if all.weekendCompleted > 0 { stats.badges.append("weekend_warrior") }
        if stats.longestStreak >= 7 { stats.badges.append("consistent_week") }
        if stats.totalSessions >= 100 { stats.badges.append("power_user") }
        stats.badges.sort()
        stats.averageSessionLength =
            stats.totalSessions == 0 ? 0 : (stats.totalMinutes / Double(stats.totalSessions) * 10).rounded() / 10
        stats.mostProductiveHour = hours.max { ($0.value.minutes, -$0.key) < ($1.value.minutes, -$1.key) }?.key
        stats.favoriteCategory = snapshot.favoriteCategory
        return stats
    }

    /// Today, the first day of this ISO week and of this month, in the zone.
    static func periods(timezone: String, now: Date) -> (today: String, weekStart: String, monthStart: String) {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: timezone) ?? .gmt
        let today = LocalDate.string(for: now, timezone: timezone)
        let weekStart = LocalDate.string(
            for: calendar.dateInterval(of: .weekOfYear, for: now)?.start ?? now, timezone: timezone)
        return (today, weekStart, String(today.prefix(8)) + "01")
    }

    /// The first local date whose totals `compute(_ snapshot:...)` reads.
    public static func firstDayRead(timezone: String, now: Date) -> String {
        let (_, weekStart, monthStart) = periods(timezone: timezone, now: now)
        return min(weekStart, monthStart)
    }

    /// The definition the maintained totals must agree with: the stats of the user's finished work
    /// sessions (completed, and cancelled for their partial points), each hour and weekday read in
    /// the user's present zone. It loads the whole history, so only tests use it, to check the totals.
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

/// What a user's stats are computed from: their all-time totals, those per hour of the day, their
/// favourite category, the days of this week and month, and their streaks.
public struct FocusStatsSnapshot: Sendable, Equatable {
    public var all = FocusTotals()
    public var hours: [Int: FocusTotals] = [:]
    public var favoriteCategory: String?
    /// Totals per local date, from `UserStats.firstDayRead` on (future dates included).
    public var days: [String: FocusTotals] = [:]
    public var longestStreak = 0
    /// The run that ends on the latest active day.
    public var latestRun: StreakRun?

    public init() {}
}
