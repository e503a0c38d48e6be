import Foundation

/// Starting, finishing and reading focus sessions, whichever dialect asks.
public struct FocusService: Sendable {
    public let sessions: any FocusSessionStore
    public let tasks: any TaskLookup
    public let clock: any PomoClock

    public init(sessions: any FocusSessionStore, tasks: any TaskLookup, clock: any PomoClock) {
        self.sessions = sessions
        self.tasks = tasks
        self.clock = clock
    }

    /// Starts a server-timed session now (TaskWorks `POST /pomodoro`, the CLI, the web app).
    public func startTimer(
        for user: User, kind: SessionKind, minutes: Double, taskUUID: String?, source: String = "pomo_server",
        appIdentifier: String? = nil
    ) async throws -> FocusSession {
        try TextLimits.checkName(source, field: "source")
        try TextLimits.checkName(appIdentifier, field: "X-App-Identifier")
        guard minutes > 0, minutes <= 24 * 60 else {
            throw AppError.validation("duration_minutes", "duration_minutes is required and must be positive")
        }
        var task: TaskRef?
        if let taskUUID {
            task = try await tasks.task(uuid: taskUUID, userId: user.id)
            guard task != nil else { throw AppError.notFound("Task not found") }
        }
        let now = clock.now()
        var session = FocusSession(
            uuid: UUID().uuidString.lowercased(), userId: user.id, kind: kind, status: .active,
            timezone: user.timezone, localDate: LocalDate.string(for: now, timezone: user.timezone), startedAt: now,
            createdAt: now)
        session.taskId = task?.id
        session.taskUUID = task?.uuid
        session.projectId = task?.projectId
        session.plannedMinutes = minutes
        session.scheduledEndAt = now.addingTimeInterval(minutes * 60)
        session.source = source
        session.appVersion = appIdentifier
        do {
            return try await sessions.create(session)
        } catch let error as AppError where error.code == "POMODORO_ACTIVE" {
            // A break over or a work session long past its end does not hold the timer: once
            // time has had its say, the start is tried again (only when something was in the way).
            guard try await active(for: user) == nil else { throw error }
            return try await sessions.create(session)
        }
    }

    /// The running session, once time has had its say: a break past its end is over, and a work
    /// session long past its end waits in `unsubmitted` instead (written only when one lapses).
    public func active(for user: User) async throws -> FocusSession? {
        guard var session = try await sessions.active(userId: user.id) else { return nil }
        let now = clock.now()
        guard FocusSessionRules.lapse(&session, at: now) else { return session }
        try await sessions.expireStale(userId: user.id, at: now)
        return try await sessions.active(userId: user.id)
    }

    /// Work sessions that lapsed before anyone ended them, newest first: each waits for its owner
    /// to submit (complete) or discard (cancel) it.
    public func unsubmitted(for user: User, limit: Int = 10) async throws -> [FocusSession] {
        _ = try await active(for: user)
        return try await sessions.list(
            userId: user.id, SessionQuery(limit: limit, statuses: [.expired], kinds: [.work]))
    }

    public func complete(id: Int64, for user: User, keptGoing: Bool = false, note: String? = nil) async throws
        -> FocusSession
    {
        try TextLimits.checkText(note, field: "note")
        let now = clock.now()
        return try await modify(id: id, user) { session in
            // A break already over stays as it ended; a session already stale ends as one.
            if FocusSessionRules.lapse(&session, at: now), session.status == .completed { return }
            try FocusSessionRules.complete(&session, at: now, keptGoing: keptGoing)
            if let note { session.note = note }
        }
    }

    public func cancel(id: Int64, for user: User, reason: String? = nil, note: String? = nil) async throws
        -> FocusSession
    {
        try TextLimits.checkName(reason, field: "reason")
        try TextLimits.checkText(note, field: "note")
        let now = clock.now()
        return try await modify(id: id, user) { session in
            FocusSessionRules.lapse(&session, at: now)
            try FocusSessionRules.cancel(&session, at: now, reason: reason, note: note)
        }
    }

    public func evaluate(id: Int64, for user: User, rating: Int, note: String?) async throws -> FocusSession {
        try TextLimits.checkText(note, field: "note")
        let now = clock.now()
        return try await modify(id: id, user) {
            try FocusSessionRules.evaluate(&$0, rating: rating, note: note, at: now)
        }
    }

    public func history(for user: User, _ query: SessionQuery) async throws -> [FocusSession] {
        try await sessions.list(userId: user.id, query)
    }

    /// `history`'s sessions as rows (`FocusSessionStore.scan`), for an answer written from them.
    public func scanHistory(
        for user: User, _ query: SessionQuery, _ body: @escaping @Sendable (any ColumnRow) throws -> Void
    ) async throws {
        try await sessions.scan(userId: user.id, query, body)
    }

    private func modify(id: Int64, _ user: User, _ change: @escaping @Sendable (inout FocusSession) throws -> Void)
        async throws -> FocusSession
    {
        guard let session = try await sessions.modify(id: id, userId: user.id, change) else {
            throw AppError.notFound("Pomodoro session not found")
        }
        return session
    }
}
