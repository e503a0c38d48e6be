import Foundation

/// What the user changes in a finished session: its note, category and project.
public struct SessionEdit: Sendable, Equatable {
    public var note: Patch<String> = .unchanged
    public var category: String?
    /// A Game project reference or a personal project's name (made when missing, as a submit does).
    public var project: String?

    public init(note: Patch<String> = .unchanged, category: String? = nil, project: String? = nil) {
        self.note = note
        self.category = category
        self.project = project
    }
}

/// A session I forgot to track, added afterwards.
public struct SessionAddition: Sendable, Equatable {
    public var start: Date
    public var end: Date
    public var category: String
    public var project: String
    public var note: String

    public init(start: Date, end: Date, category: String, project: String, note: String) {
        self.start = start
        self.end = end
        self.category = category
        self.project = project
        self.note = note
    }
}

/// The sessions page: past sessions with their notes, and the user's own corrections. The score
/// of a session stays as it was earned; an edited or added session says so in its factors.
public struct SessionsService: Sendable {
    public let sessions: any FocusSessionStore
    public let projects: any ProjectStore
    public let game: GameService
    public let clock: any PomoClock

    public init(sessions: any FocusSessionStore, projects: any ProjectStore, game: GameService, clock: any PomoClock) {
        self.sessions = sessions
        self.projects = projects
        self.game = game
        self.clock = clock
    }

    /// A page of sessions, newest first; with each, its project (the page's projects in one read).
    public func list(for user: User, _ filter: ExportFilter, after cursor: SessionCursor?, limit: Int) async throws
        -> [(session: FocusSession, project: Project?)]
    {
        // Past sessions: a running one is the focus page's, not this list's.
        var query = SessionQuery(
            after: cursor, limit: limit, from: filter.from, to: filter.to, statuses: [.completed, .cancelled, .expired])
        query.category = filter.category
        if let reference = filter.project {
            // A name the user has no project by matches nothing (and makes nothing).
            guard let project = try await existingProject(reference, for: user) else { return [] }
            query.projectId = project.id
        }
        let page = try await sessions.list(userId: user.id, query)
        let known = try await projects.find(ids: Set(page.compactMap(\.projectId)))
        return page.map { ($0, $0.projectId.flatMap { known[$0] }) }
    }

    public func edit(id: Int64, _ edit: SessionEdit, for user: User) async throws -> (FocusSession, Project?) {
        try TextLimits.checkText(edit.note.value, field: "note")
        if let category = edit.category {
            try TextLimits.checkName(category, field: "category")
            guard !category.isBlank else { throw AppError.validation("category", "category must not be empty") }
        }
        var project: Project?
        if let reference = edit.project { project = try await game.resolveProject(reference, for: user) }
        let now = clock.now()
        let newProject = project
        guard
            let session = try await sessions.modify(
                id: id, userId: user.id,
                { session in
                    guard !session.status.isOpen else {
                        throw AppError(
                            .conflict, "A session can be edited once it has ended", code: "SESSION_RUNNING",
                            context: ["id": String(session.id)])
                    }
                    let before = session
                    session.note = edit.note.applied(to: session.note)
                    if let category = edit.category { session.category = category.trimmingWhitespace() }
                    if let newProject { session.projectId = newProject.id }
                    guard session != before else { return }
                    session.pof?.factors.edited = true
                    session.updatedAt = now
                })
        else { throw AppError.notFound("Session not found") }
        if let project { return (session, project) }
        guard let projectId = session.projectId else { return (session, nil) }
        return (session, try await projects.find(id: projectId))
    }

    public func delete(id: Int64, for user: User) async throws {
        guard let session = try await sessions.find(id: id, userId: user.id) else {
            throw AppError.notFound("Session not found")
        }
        guard !session.status.isOpen else {
            throw AppError(
                .conflict, "A running session is ended, not deleted: complete or cancel it", code: "SESSION_RUNNING",
                context: ["id": String(session.id)])
        }
        guard try await sessions.delete(id: id, userId: user.id, at: clock.now()) != nil else {
            throw AppError.notFound("Session not found")
        }
    }

    /// Records a session the user did without a timer, as a submit does (the same checks and
    /// totals), marked as added in its factors.
    public func add(_ addition: SessionAddition, for user: User) async throws -> GameSessionView {
        let minutes = (addition.end.timeIntervalSince(addition.start) / 60 * 100).rounded() / 100
        var submission = GameSubmission(
            start: addition.start, end: addition.end, durationMinutes: minutes, category: addition.category,
            project: addition.project, note: addition.note, source: "pomo_added",
            sessionId: UUID().uuidString.lowercased())
        submission.added = true
        return try await game.submit(submission, appVersion: nil, for: user)
    }

    private func existingProject(_ reference: String, for user: User) async throws -> Project? {
        let trimmed = reference.trimmingWhitespace()
        if trimmed.hasPrefix("team_") || trimmed.hasPrefix("personal_") {
            return try? await game.resolveProject(trimmed, for: user)
        }
        return try await projects.existingPersonal(named: trimmed, userId: user.id)
    }
}
