import Foundation

/// A session plan, as the Game's `session/start` (and the legacy timer-start calls) send it.
public struct GamePlan: Sendable {
    public var sessionId: String
    public var plannedMinutes: Double
    public var category: String
    public var project: String?
    public var planningNotes: String?
    public var goals: String?
    public var energyLevel: Int?
    public var source: String
    public var appVersion: String?

    public init(
        sessionId: String, plannedMinutes: Double, category: String, project: String?, planningNotes: String?,
        goals: String?, energyLevel: Int?, source: String, appVersion: String?
    ) {
        self.sessionId = sessionId
        self.plannedMinutes = plannedMinutes
        self.category = category
        self.project = project
        self.planningNotes = planningNotes
        self.goals = goals
        self.energyLevel = energyLevel
        self.source = source
        self.appVersion = appVersion
    }
}

public struct GameCancellation: Sendable {
    public var sessionId: String
    public var plannedMinutes: Double
    public var elapsedMinutes: Double
    public var reason: String?
    public var note: String?
    public var category: String?
    public var source: String?

    public init(
        sessionId: String, plannedMinutes: Double, elapsedMinutes: Double, reason: String?, note: String?,
        category: String?, source: String?
    ) {
        self.sessionId = sessionId
        self.plannedMinutes = plannedMinutes
        self.elapsedMinutes = elapsedMinutes
        self.reason = reason
        self.note = note
        self.category = category
        self.source = source
    }
}

/// A session with the project it belongs to, as the Game reports it.
public struct GameSessionView: Sendable {
    public var session: FocusSession
    public var project: Project?
    /// True when a submit replayed one already stored.
    public var duplicate = false
}

/// The Game's three-part flow (plan → timer → submit, or cancel) over the shared focus sessions.
public struct GameService: Sendable {
    public let sessions: any FocusSessionStore
    public let projects: any ProjectStore
    public let clock: any PomoClock

    public init(sessions: any FocusSessionStore, projects: any ProjectStore, clock: any PomoClock) {
        self.sessions = sessions
        self.projects = projects
        self.clock = clock
    }

    /// `team_N` (the caller must be in the team), `personal_N` (the caller's), or a personal
    /// project's name, created on first use.
    public func resolveProject(_ reference: String, for user: User) async throws -> Project {
        let trimmed = reference.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw AppError.validation("project", "project must not be empty") }
        for (prefix, isTeam) in [("team_", true), ("personal_", false)] where trimmed.hasPrefix(prefix) {
            guard let id = Int64(trimmed.dropFirst(prefix.count)) else { break }
            guard let project = try await projects.find(id: id), (project.teamId != nil) == isTeam else {
                throw AppError.notFound("Project not found")
            }
            if let team = project.teamId {
                guard try await projects.isTeamMember(teamId: team, userId: user.id) else {
                    throw AppError.forbidden("Not a team member")
                }
            } else if project.userId != user.id {
                throw AppError.notFound("Project not found")
            }
            return project
        }
        return try await projects.personal(named: trimmed, userId: user.id, at: clock.now())
    }

    public func start(_ plan: GamePlan, for user: User) async throws -> GameSessionView {
        try TextLimits.checkName(plan.sessionId, field: "session_id")
        try TextLimits.checkName(plan.category, field: "category")
        try TextLimits.checkName(plan.project, field: "project")
        try TextLimits.checkName(plan.source, field: "source")
        try TextLimits.checkName(plan.appVersion, field: "X-App-Identifier")
        try TextLimits.checkText(plan.planningNotes, field: "planning_notes")
        try TextLimits.checkText(plan.goals, field: "goals")
        guard GameRules.durationRange.contains(plan.plannedMinutes) else {
            throw AppError.validation("planned_duration", "planned_duration must be between 1 and 240 minutes")
        }
        if let energy = plan.energyLevel, !(1...10).contains(energy) {
            throw AppError.validation("energy_level", "energy_level must be from 1 to 10")
        }
        let now = clock.now()
        try await sessions.expireStale(userId: user.id, at: now)
        // A start the insert will refuse creates nothing first: a project named in the plan
        // appears with its session, not with a refusal (the insert still decides a race).
        if let running = try await sessions.active(userId: user.id),
            try await sessions.find(uuid: plan.sessionId, userId: user.id) == nil
        {
            throw FocusSessionRules.alreadyActive(running.id)
        }
        var project: Project?
        if let reference = plan.project { project = try await resolveProject(reference, for: user) }
        var session = FocusSession(
            uuid: plan.sessionId, userId: user.id, kind: .work, status: .active, timezone: user.timezone,
            localDate: LocalDate.string(for: now, timezone: user.timezone), startedAt: now, createdAt: now)
        session.category = plan.category
        session.projectId = project?.id
        session.plannedMinutes = plan.plannedMinutes
        session.scheduledEndAt = now.addingTimeInterval(plan.plannedMinutes * 60)
        session.expiresAt = session.scheduledEndAt?.addingTimeInterval(GameRules.planGrace)
        session.planningNotes = plan.planningNotes
        session.goals = plan.goals
        session.energyLevel = plan.energyLevel
        session.source = plan.source
        session.appVersion = plan.appVersion
        let planned = session
        let written = try await sessions.write(uuid: plan.sessionId) { existing in
            guard existing == nil else { throw AppError.conflict("Session already started") }
            return .insert(planned)
        }
        return GameSessionView(session: written.session, project: project)
    }

    /// Logs a finished session: completes the planned one with this UUID, or records an
    /// unplanned one. A replay of the same body returns the stored record; a different body is a conflict.
    public func submit(_ submission: GameSubmission, appVersion: String?, for user: User) async throws
        -> GameSessionView
    {
        try TextLimits.checkName(appVersion, field: "X-App-Identifier")
        let now = clock.now()
        try GameRules.check(submission, now: now)
        let project = try await resolveProject(submission.project, for: user)
        let onTime = now.timeIntervalSince(submission.end) <= ProofOfFocus.submitWindow
        // What of this period the user's earlier completed sessions already cover. Submits that
        // race each other do not see one another; sequential copies and backdated ones do.
        let overlapped = try await sessions.overlappingSeconds(
            userId: user.id, start: submission.start, end: submission.end, excluding: submission.sessionId)
        let share = overlapped / max(1, submission.end.timeIntervalSince(submission.start))
        let written = try await sessions.write(uuid: submission.sessionId) { existing in
            try Self.decideSubmit(submission, project, onTime, share, appVersion, user, existing, now)
        }
        var view = GameSessionView(session: written.session, project: project)
        if case .unchanged = written { view.duplicate = true }
        return view
    }

    static func decideSubmit(
        _ submission: GameSubmission, _ project: Project, _ onTime: Bool, _ overlapShare: Double,
        _ appVersion: String?, _ user: User, _ existing: FocusSession?, _ now: Date
    ) throws -> SessionWrite {
        let digest = submission.digest
        var session: FocusSession
        let planning: PlanningMatch
        if let existing {
            guard existing.userId == user.id else { throw AppError.conflict("session_id is already in use") }
            switch existing.status {
            case .completed:
                guard existing.submitDigest == digest else {
                    throw AppError.conflict("This session_id was already submitted with different data")
                }
                return .unchanged(existing)
            case .cancelled:
                throw AppError.conflict("This session was cancelled; it cannot be submitted")
            case .planned, .active, .expired:
                session = existing
                let matches = existing.category == submission.category && existing.projectId == project.id
                planning = matches ? .matched : .mismatched
            }
        } else {
            session = FocusSession(
                uuid: submission.sessionId, userId: user.id, kind: .work, status: .completed,
                timezone: user.timezone, localDate: "", startedAt: submission.start, createdAt: now)
            planning = .notPlanned
        }
        session.status = .completed
        session.category = submission.category
        session.projectId = project.id
        session.note = submission.note
        session.source = submission.source
        session.appVersion = appVersion ?? session.appVersion
        session.startedAt = submission.start
        session.endedAt = submission.end
        session.expiresAt = nil
        session.localDate = LocalDate.string(for: submission.start, timezone: session.timezone)
        // Time past the plan is not focus unless the user says they kept going.
        let credit = FocusSessionRules.credited(
            submission.durationMinutes, planned: session.plannedMinutes, keptGoing: submission.keptGoing)
        session.durationMinutes = credit.minutes
        session.submitDigest = digest
        session.updatedAt = now
        session.pof = ProofOfFocus.score(
            durationMinutes: credit.minutes, plannedMinutes: session.plannedMinutes, planning: planning,
            onTime: onTime && existing?.status != .expired, source: submission.source, overlapShare: overlapShare)
        session.pof?.factors.keptGoingMinutes = credit.keptGoing
        if submission.added { session.pof?.factors.added = true }
        return existing == nil ? .insert(session) : .update(session)
    }

    /// The point of no return: the session is cancelled at once, with partial credit. An unknown
    /// UUID is still recorded; cancelling twice is harmless.
    public func cancel(_ cancellation: GameCancellation, for user: User) async throws -> FocusSession {
        try TextLimits.checkName(cancellation.sessionId, field: "session_id")
        try TextLimits.checkName(cancellation.category, field: "category")
        try TextLimits.checkName(cancellation.source, field: "source")
        try TextLimits.checkText(cancellation.note, field: "cancel_reason_note")
        if let reason = cancellation.reason, !GameRules.cancelReasons.contains(reason) {
            throw AppError.validation(
                "reason", "reason must be one of \(GameRules.cancelReasons.sorted().joined(separator: ", "))")
        }
        guard GameRules.durationRange.contains(cancellation.plannedMinutes) else {
            throw AppError.validation("planned_duration", "planned_duration must be between 1 and 240 minutes")
        }
        // At most a day: a session cannot have run longer than that before being cancelled.
        guard (0...1440).contains(cancellation.elapsedMinutes) else {
            throw AppError.validation("elapsed_minutes", "elapsed_minutes must be between 0 and 1440")
        }
        let now = clock.now()
        let written = try await sessions.write(uuid: cancellation.sessionId) { existing in
            var session: FocusSession
            let planning: PlanningMatch
            if let existing {
                guard existing.userId == user.id else { throw AppError.conflict("session_id is already in use") }
                switch existing.status {
                case .cancelled: return .unchanged(existing)
                case .completed: throw AppError.conflict("This session was already submitted")
                case .planned, .active, .expired:
                    session = existing
                    planning = .matched
                }
            } else {
                session = FocusSession(
                    uuid: cancellation.sessionId, userId: user.id, kind: .work, status: .cancelled,
                    timezone: user.timezone, localDate: LocalDate.string(for: now, timezone: user.timezone),
                    startedAt: now.addingTimeInterval(-cancellation.elapsedMinutes * 60), createdAt: now)
                session.category = cancellation.category
                session.source = cancellation.source
                planning = .notPlanned
            }
            session.status = .cancelled
            session.plannedMinutes = session.plannedMinutes ?? cancellation.plannedMinutes
            session.durationMinutes = cancellation.elapsedMinutes
            session.endedAt = now
            session.expiresAt = nil
            session.cancelReason = cancellation.reason ?? "user_cancelled"
            session.cancelNote = cancellation.note
            session.updatedAt = now
            session.pof = ProofOfFocus.cancelled(
                elapsedMinutes: cancellation.elapsedMinutes, plannedMinutes: session.plannedMinutes ?? 0,
                planning: planning, source: session.source)
            return existing == nil ? .insert(session) : .update(session)
        }
        return written.session
    }

    /// The caller's session with this client UUID, with its project.
    public func session(uuid: String, for user: User) async throws -> GameSessionView {
        guard let session = try await sessions.find(uuid: uuid, userId: user.id) else {
            throw AppError.notFound("Session not found")
        }
        var project: Project?
        if let id = session.projectId { project = try await projects.find(id: id) }
        return GameSessionView(session: session, project: project)
    }

    /// The caller's session by its server id, and its project's name.
    public func session(id: Int64, for user: User) async throws -> (FocusSession, projectName: String?) {
        guard let session = try await sessions.find(id: id, userId: user.id) else {
            throw AppError.notFound("Session not found")
        }
        guard let projectId = session.projectId else { return (session, nil) }
        return (session, try await projects.find(id: projectId)?.name)
    }

    public func project(id: Int64) async throws -> Project? {
        try await projects.find(id: id)
    }

    /// A team project the caller's team shares: not found, or forbidden to a non-member.
    public func teamProject(id: Int64, for user: User) async throws -> Project {
        guard let project = try await projects.find(id: id), let team = project.teamId else {
            throw AppError.notFound("Project not found")
        }
        guard try await projects.isTeamMember(teamId: team, userId: user.id) else {
            throw AppError.forbidden("Not a team member")
        }
        return project
    }

    public func focusingNow() async throws -> Int {
        try await sessions.countFocusing(at: clock.now())
    }
}
