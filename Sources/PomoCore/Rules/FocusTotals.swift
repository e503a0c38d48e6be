import Foundation

/// What finished work sessions add up to: the totals a store keeps beside the sessions, written
/// in the same transaction as each session, so that stats, reports and the leaderboard read a few
/// rows instead of a user's history. Only work sessions that ended as completed (their minutes,
/// points and count) or cancelled (their partial points) count, as they always have.
public struct FocusTotals: Sendable, Equatable {
    public var completed = 0
    public var cancelled = 0
    /// Minutes of completed sessions.
    public var minutes = 0.0
    public var completedPoints = 0.0
    public var cancelledPoints = 0.0
    /// The longest completed session, in minutes (the marathon badge).
    public var maxMinutes = 0.0
    /// Completed sessions whose local date is a Saturday or Sunday (the weekend badge).
    public var weekendCompleted = 0
    /// Milliseconds since 1970; 0 for none. The latest end of a completed session (a project's
    /// "last used"), the latest change to a finished one (a device's "last seen"), and the latest
    /// start with the source it came from.
    public var lastEndedAt: Int64 = 0
    public var lastUpdatedAt: Int64 = 0
    public var lastStartedAt: Int64 = 0
    public var lastSource: String?

    public init() {}

    public var points: Double { completedPoints + cancelledPoints }

    /// Sums add; the latest-of fields keep the later value (a session's last source goes with its start).
    public mutating func add(_ other: FocusTotals) {
        completed += other.completed
        cancelled += other.cancelled
        minutes += other.minutes
        completedPoints += other.completedPoints
        cancelledPoints += other.cancelledPoints
        weekendCompleted += other.weekendCompleted
        maxMinutes = max(maxMinutes, other.maxMinutes)
        lastEndedAt = max(lastEndedAt, other.lastEndedAt)
        lastUpdatedAt = max(lastUpdatedAt, other.lastUpdatedAt)
        if other.lastStartedAt >= lastStartedAt, other.lastStartedAt > 0 {
            lastStartedAt = other.lastStartedAt
            lastSource = other.lastSource
        }
    }

    /// Takes a session's sums back out. The latest-of fields stay: a finished session is only ever
    /// changed into another finished one (an evaluation, a replayed submit), whose values replace them.
    public mutating func subtract(_ other: FocusTotals) {
        completed -= other.completed
        cancelled -= other.cancelled
        minutes -= other.minutes
        completedPoints -= other.completedPoints
        cancelledPoints -= other.cancelledPoints
        weekendCompleted -= other.weekendCompleted
    }
}

/// The all-time totals a user has per dimension, each keyed by text.
public enum TotalsDimension: String, Sendable, CaseIterable {
    /// One row, key "".
    case all
    /// The hour of the start in the session's own zone, "00"-"23".
    case hour
    /// The category, "" for none.
    case category
    /// The project id, "0" for none.
    case project
    /// The app that sent it: its `X-App-Identifier`, else its source, else "unknown".
    case device
    /// The source, "unknown" for none.
    case source
    /// The task's uuid, for sessions on a task only (the workspace's pomodoros per task).
    case task
}

/// A day's totals are kept per project and category, so reports over a range group them either way.
public struct DayTotalsKey: Hashable, Sendable {
    public var localDate: String
    /// 0 for none.
    public var projectId: Int64
    /// "" for none.
    public var category: String

    public init(localDate: String, projectId: Int64, category: String) {
        self.localDate = localDate
        self.projectId = projectId
        self.category = category
    }
}

public struct UserTotalsKey: Hashable, Sendable {
    public var dimension: TotalsDimension
    public var key: String

    public init(_ dimension: TotalsDimension, _ key: String) {
        self.dimension = dimension
        self.key = key
    }
}

/// What one write of a session changes in its user's totals: the new session's share minus the
/// old one's. A store applies it in the transaction that writes the session.
public struct FocusTotalsDelta: Sendable, Equatable {
    public var days: [DayTotalsKey: FocusTotals] = [:]
    public var user: [UserTotalsKey: FocusTotals] = [:]
    /// Local dates on which this write adds or removes a completed session.
    public var completedDays: [String: Int] = [:]

    public init() {}

    public init(before: FocusSession?, after: FocusSession?) {
        if let before, before != after, let share = Self.share(of: before) { apply(share, negated: true) }
        if let after, after != before, let share = Self.share(of: after) { apply(share, negated: false) }
    }

    public var isEmpty: Bool { days.isEmpty && user.isEmpty }

    /// Adds a session's whole share (a backfill or a recount of stored sessions).
    public mutating func add(_ session: FocusSession) {
        if let share = Self.share(of: session) { apply(share, negated: false) }
    }

    private mutating func apply(_ share: (totals: FocusTotals, day: DayTotalsKey, keys: [UserTotalsKey]), negated: Bool)
    {
        func change(_ totals: inout FocusTotals) {
            if negated { totals.subtract(share.totals) } else { totals.add(share.totals) }
        }
        change(&days[share.day, default: FocusTotals()])
        for key in share.keys { change(&user[key, default: FocusTotals()]) }
        if share.totals.completed > 0 { completedDays[share.day.localDate, default: 0] += negated ? -1 : 1 }
    }

    /// A session's share of the totals and where it goes; nil for anything but a finished work session.
    static func share(of session: FocusSession) -> (totals: FocusTotals, day: DayTotalsKey, keys: [UserTotalsKey])? {
        guard session.kind == .work, session.status == .completed || session.status == .cancelled else { return nil }
        let done = session.status == .completed
        var totals = FocusTotals()
        let points = session.pof?.points ?? 0
        let minutes = session.durationMinutes ?? 0
        if done {
            totals.completed = 1
            totals.minutes = minutes
            totals.completedPoints = points
            totals.maxMinutes = minutes
            totals.weekendCompleted = CivilDay.isWeekend(session.localDate) ? 1 : 0
            totals.lastEndedAt = session.endedAt.map(Timestamp.milliseconds) ?? 0
        } else {
            totals.cancelled = 1
            totals.cancelledPoints = points
        }
        totals.lastUpdatedAt = Timestamp.milliseconds(session.updatedAt)
        totals.lastStartedAt = Timestamp.milliseconds(session.startedAt)
        totals.lastSource = session.source
        let hour = LocalDate.hour(of: session.startedAt, timezone: session.timezone)
        let keys =
            [
                UserTotalsKey(.all, ""), UserTotalsKey(.hour, hour < 10 ? "0\(hour)" : String(hour)),
                UserTotalsKey(.category, session.category ?? ""),
                UserTotalsKey(.project, String(session.projectId ?? 0)),
                UserTotalsKey(.device, session.appVersion ?? session.source ?? "unknown"),
                UserTotalsKey(.source, session.source ?? "unknown"),
            ] + (session.taskUUID.map { [UserTotalsKey(.task, $0)] } ?? [])
        let day = DayTotalsKey(
            localDate: session.localDate, projectId: session.projectId ?? 0, category: session.category ?? "")
        return (totals, day, keys)
    }
}

/// A run of consecutive active days (days with a completed work session).
public struct StreakRun: Sendable, Equatable {
    public var firstDay: String
    public var lastDay: String
    public var days: Int

    public init(firstDay: String, lastDay: String, days: Int) {
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.days = days
    }

    /// The runs of a set of days, oldest first.
    public static func runs(of days: some Sequence<String>) -> [StreakRun] {
        var runs: [StreakRun] = []
        var previous: Int?
        for (number, day) in days.compactMap({ day in CivilDay.number(day).map { ($0, day) } }).sorted(by: {
            $0.0 < $1.0
        }) {
            if let previous, number == previous + 1, !runs.isEmpty {
                runs[runs.count - 1].lastDay = day
                runs[runs.count - 1].days += 1
            } else if previous != number {
                runs.append(StreakRun(firstDay: day, lastDay: day, days: 1))
            }
            previous = number
        }
        return runs
    }

    /// The run's length if it reaches `today` or yesterday (today is still open), else 0.
    public func current(today: String) -> Int {
        guard let last = CivilDay.number(lastDay), let now = CivilDay.number(today) else { return 0 }
        return last == now || last == now - 1 ? days : 0
    }
}

/// `YYYY-MM-DD` days as day numbers (days since 1970-01-01 in the proleptic Gregorian calendar),
/// so day arithmetic needs no calendar or zone.
public enum CivilDay {
    public static func number(_ day: String) -> Int? {
        let parts = day.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), (1...31).contains(d)
        else { return nil }
        // Howard Hinnant's days_from_civil.
        let year = m <= 2 ? y - 1 : y
        let era = (year >= 0 ? year : year - 399) / 400
        let yoe = year - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public static func string(_ number: Int) -> String {
        let (y, m, d) = Timestamp.civil(daysSince1970: Int64(number))
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(Int(y), 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// The day number of a real `YYYY-MM-DD` date: nil for other text and for a date that does
    /// not exist (2025-02-30 would otherwise roll over into March).
    public static func parse(_ text: String) -> Int? {
        guard text.utf8.count == 10, let number = number(text), string(number) == text else { return nil }
        return number
    }

    /// 0 for Monday … 6 for Sunday (1970-01-01 was a Thursday).
    public static func weekday(_ number: Int) -> Int { ((number % 7) + 7 + 3) % 7 }

    public static func isWeekend(_ day: String) -> Bool {
        guard let number = number(day) else { return false }
        return weekday(number) >= 5
    }
}
