import Foundation

/// The state machine of a focus session and what each transition does to it.
public enum FocusSessionRules {
    public static func alreadyActive(_ id: Int64) -> AppError {
        AppError(
            .conflict, "An active pomodoro session already exists", code: "POMODORO_ACTIVE",
            context: ["id": String(id)])
    }

    static func notActive(_ session: FocusSession) -> AppError {
        AppError(
            .conflict, "Pomodoro session is not active (it is \(session.status.rawValue))",
            code: "POMODORO_NOT_ACTIVE", context: ["id": String(session.id), "status": session.status.rawValue])
    }

    /// The minutes of a session that count as focus, the same rule for every client: time past
    /// the plan is not focus, unless the user says they kept going; then it counts, and
    /// `keptGoing` (for the score's factors) says how much of it lay past the plan.
    public static func credited(_ minutes: Double, planned: Double?, keptGoing: Bool) -> (
        minutes: Double, keptGoing: Double?
    ) {
        let minutes = roundedMinutes(max(0, minutes))
        guard let planned, minutes > planned else { return (minutes, nil) }
        return keptGoing ? (minutes, roundedMinutes(minutes - planned)) : (roundedMinutes(planned), nil)
    }

    /// How long past its planned end an open work session still holds the timer; after that it
    /// waits, expired, for its owner to submit or discard it, and a new session can start.
    public static let staleAfter: TimeInterval = GameRules.planGrace

    /// What time does to an open session nobody ended: a break is over at its end (completed
    /// then, for its planned minutes); a work session past its end and `staleAfter` (or its own
    /// expiry) expires, to be submitted or discarded. Returns whether the session changed.
    @discardableResult
    public static func lapse(_ session: inout FocusSession, at now: Date) -> Bool {
        guard session.status.isOpen, let end = session.scheduledEndAt ?? session.expiresAt else { return false }
        if session.kind != .work {
            guard end <= now else { return false }
            session.status = .completed
            session.endedAt = end
            session.durationMinutes = roundedMinutes(max(0, end.timeIntervalSince(session.startedAt)) / 60)
            session.expiresAt = nil
            session.updatedAt = now
            return true
        }
        guard (session.expiresAt ?? end.addingTimeInterval(staleAfter)) <= now else { return false }
        session.status = .expired
        session.updatedAt = now
        return true
    }

    /// Ends a session as done: credited as `credited` says, and finishing more than 4 minutes
    /// late costs timing (unless the user kept going, which is not late). An expired session (one
    /// that waited to be submitted) ends at its planned end, unless the user kept going.
    public static func complete(_ session: inout FocusSession, at now: Date, keptGoing: Bool = false) throws {
        guard session.status == .active || session.status == .expired else { throw notActive(session) }
        let end = session.status == .expired && !keptGoing ? min(now, session.scheduledEndAt ?? now) : now
        let elapsed = max(0, end.timeIntervalSince(session.startedAt)) / 60
        let credit = credited(elapsed, planned: session.plannedMinutes, keptGoing: keptGoing)
        session.status = .completed
        session.endedAt = end
        session.expiresAt = nil
        session.durationMinutes = credit.minutes
        session.updatedAt = now
        if session.kind == .work {
            let onTime =
                credit.keptGoing != nil
                || session.scheduledEndAt.map { now <= $0.addingTimeInterval(ProofOfFocus.submitWindow) } ?? true
            session.pof = ProofOfFocus.score(
                durationMinutes: credit.minutes, plannedMinutes: session.plannedMinutes, planning: .matched,
                onTime: onTime, source: session.source)
            session.pof?.factors.keptGoingMinutes = credit.keptGoing
        }
    }

    /// Ends an active session early: the point of no return. A work session keeps partial credit.
    /// An expired one (waiting to be submitted) is discarded: kept, cancelled, with no credit.
    public static func cancel(_ session: inout FocusSession, at now: Date, reason: String? = nil, note: String? = nil)
        throws
    {
        guard session.status == .active || session.status == .expired else { throw notActive(session) }
        let discarded = session.status == .expired
        let elapsed = discarded ? 0 : roundedMinutes(max(0, now.timeIntervalSince(session.startedAt)) / 60)
        session.status = .cancelled
        session.endedAt = now
        session.durationMinutes = elapsed
        session.cancelReason = reason ?? (discarded ? "discarded" : nil)
        session.cancelNote = note
        session.expiresAt = nil
        session.updatedAt = now
        if session.kind == .work {
            session.pof = ProofOfFocus.cancelled(
                elapsedMinutes: elapsed, plannedMinutes: session.plannedMinutes ?? elapsed, planning: .matched,
                source: session.source)
        }
    }

    public static func evaluate(_ session: inout FocusSession, rating: Int, note: String?, at now: Date) throws {
        guard (1...5).contains(rating) else {
            throw AppError.validation("rating", "rating must be an integer from 1 to 5")
        }
        guard session.status == .completed else {
            throw AppError(
                .conflict, "Only a completed session can be evaluated (it is \(session.status.rawValue))",
                code: "POMODORO_NOT_COMPLETED", context: ["id": String(session.id)])
        }
        session.evaluationRating = rating
        session.evaluationNote = note
        session.evaluationSubmitted = true
        session.updatedAt = now
    }

    /// How long after its scheduled end an open session still counts as "focusing right now".
    public static let presenceGrace: TimeInterval = 5 * 60

    /// "N people focusing right now": an open work session, not lapsed, within its time.
    public static func isFocusing(_ session: FocusSession, at now: Date) -> Bool {
        guard session.kind == .work, session.status.isOpen, session.startedAt <= now else { return false }
        if let expiry = session.expiresAt, expiry <= now { return false }
        guard let end = session.scheduledEndAt else { return true }
        return now < end.addingTimeInterval(presenceGrace)
    }

    /// Minutes to two decimals: enough for seconds, stable in JSON.
    static func roundedMinutes(_ minutes: Double) -> Double { (minutes * 100).rounded() / 100 }
}

/// The calendar date of an instant in a time zone, as `YYYY-MM-DD`.
public enum LocalDate {
    /// The first instant of a `YYYY-MM-DD` day in the zone, and of the day after; nil for a bad date.
    public static func bounds(of date: String, timezone: TimeZone) -> (start: Date, end: Date)? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timezone
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]),
            let start = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
            let end = calendar.date(byAdding: .day, value: 1, to: start)
        else { return nil }
        return (start, end)
    }

    /// The hour (0-23) that `date` shows on the wall clock of the zone named `timezone` (UTC when unknown).
    public static func hour(of date: Date, timezone: String) -> Int {
        let hour = Int((wallClock(date, zone(timezone)) / 3600).rounded(.down)) % 24
        return hour < 0 ? hour + 24 : hour
    }

    /// The `YYYY-MM-DD` day `date` falls on in the zone named `timezone` (UTC when unknown).
    public static func string(for date: Date, timezone: String) -> String {
        let zone = zone(timezone)
        // The local wall-clock time written as if it were UTC starts with the local day;
        // `Timestamp.format` writes years 1-9999 and follows Foundation's calendar.
        let written = Timestamp.format(Date(timeIntervalSince1970: wallClock(date, zone)))
        guard written.utf8.count > 10, written.utf8.dropFirst(10).first == UInt8(ascii: "T") else {
            return calendarString(for: date, zone: zone)
        }
        return String(written.prefix(10))
    }

    /// The same through Foundation's calendar: for years Timestamp does not write as four digits.
    private static func calendarString(for date: Date, zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// Zones by identifier: looking one up by name cost more than writing the date.
    private static let zones = BoundedCache<String, TimeZone>(capacity: 1024)

    private static func zone(_ identifier: String) -> TimeZone {
        zones.value(for: identifier) { TimeZone(identifier: identifier) ?? .gmt }
    }

    /// The zone's wall-clock time of `date` as seconds since 1970 read as if it were UTC, in whole
    /// seconds rounded down as the calendar does (`Timestamp.format` rounds to milliseconds).
    private static func wallClock(_ date: Date, _ zone: TimeZone) -> TimeInterval {
        (date.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: date))).rounded(.down)
    }
}

/// A time entry another rule asks the store to write in the same transaction.
public struct TimeEntryDraft: Sendable, Equatable {
    public var userId: Int64
    public var taskId: Int64
    public var focusSessionId: Int64
    public var begin: Date
    public var end: Date
    public var comment: String?

    public var durationSeconds: Int64 { Int64(end.timeIntervalSince(begin).rounded()) }
}

extension FocusSessionRules {
    /// A work session on a task that has just completed becomes a time entry on that task, so
    /// Time Magic sees the focused time.
    public static func timeEntry(before: FocusSession, after: FocusSession) -> TimeEntryDraft? {
        guard before.status != .completed, after.status == .completed, after.kind == .work,
            let taskId = after.taskId, let end = after.endedAt
        else { return nil }
        let begin = min(after.startedAt, end)
        let credited = after.durationMinutes.map { begin.addingTimeInterval($0 * 60) } ?? end
        return TimeEntryDraft(
            userId: after.userId, taskId: taskId, focusSessionId: after.id, begin: begin, end: min(credited, end),
            comment: after.note ?? "Pomodoro #\(after.id)")
    }
}

extension FocusSessionRules {
    /// What a session write is, as the change log names it.
    public static func changeAction(before: FocusSession?, after: FocusSession) -> String {
        if let before, before.status == after.status { return "updated" }
        switch after.status {
        case .planned: return "planned"
        case .active: return "started"
        case .completed: return "completed"
        case .cancelled: return "cancelled"
        case .expired: return "expired"
        }
    }
}
