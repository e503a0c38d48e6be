import Foundation

/// A task as other aggregates refer to it: the internal id, the public uuid and its owner.
public struct TaskRef: Sendable, Equatable {
    public var id: Int64
    public var uuid: String
    public var userId: Int64
    public var projectId: Int64

    public init(id: Int64, uuid: String, userId: Int64, projectId: Int64) {
        self.id = id
        self.uuid = uuid
        self.userId = userId
        self.projectId = projectId
    }
}

public protocol TaskLookup: Sendable {
    /// The user's task with this uuid; nil for an unknown uuid or another user's task.
    func task(uuid: String, userId: Int64) async throws -> TaskRef?
    /// The user's open tasks (not completed or archived), plus any done on `localDate`, with
    /// that day's completion counts; oldest first.
    func daily(userId: Int64, localDate: String) async throws -> [DailyTask]
    /// Counts one more execution of the task on `localDate` and returns the day's count.
    func recordExecution(taskId: Int64, userId: Int64, localDate: String, at now: Date) async throws -> Int
}

public protocol FocusSessionStore: Sendable {
    /// Inserts the session and returns it with its id. A second active session for the user is
    /// refused by the database itself: `.conflict` with code `POMODORO_ACTIVE`.
    func create(_ session: FocusSession) async throws -> FocusSession
    func find(id: Int64, userId: Int64) async throws -> FocusSession?
    /// The user's session with this client UUID.
    func find(uuid: String, userId: Int64) async throws -> FocusSession?
    func active(userId: Int64) async throws -> FocusSession?
    /// Reads the user's session, lets `change` apply a rule to it, and writes it back, all in one
    /// transaction with the row locked. Returns nil when the user has no such session.
    func modify(id: Int64, userId: Int64, _ change: @Sendable (inout FocusSession) throws -> Void) async throws
        -> FocusSession?
    /// Deletes the user's session (its totals and change go with it); nil when there is none.
    func delete(id: Int64, userId: Int64, at now: Date) async throws -> FocusSession?
    /// The user's sessions, newest start first, after the cursor and matching the filters.
    func list(userId: Int64, _ query: SessionQuery) async throws -> [FocusSession]
    /// The rows `list` would answer, each handed to `body` in `SessionListColumn` order as the
    /// database reads it (before this returns), without building the sessions: a history page
    /// writes them straight to its answer.
    func scan(userId: Int64, _ query: SessionQuery, _ body: @escaping @Sendable (any ColumnRow) throws -> Void)
        async throws
    /// Reads the session with this client uuid, whoever owns it, and applies what `decide` returns,
    /// in one transaction. A concurrent insert of the same uuid makes the loser decide again on
    /// the winner's row, so a uuid never has two rows.
    func write(uuid: String, _ decide: @Sendable (FocusSession?) throws -> SessionWrite) async throws -> SessionWrite
    /// Applies `FocusSessionRules.lapse` to the user's open sessions: breaks past their end are
    /// over, work sessions long past theirs expire.
    func expireStale(userId: Int64, at now: Date) async throws
    /// Seconds of `start..<end` covered by the user's completed work sessions other than the one
    /// with client uuid `excluding` (summed per session, so sessions that overlap each other
    /// count twice). Sessions last at most a day, which bounds the search.
    func overlappingSeconds(userId: Int64, start: Date, end: Date, excluding uuid: String) async throws -> Double
    /// Distinct users in an open work session whose scheduled end (plus 5 minutes) is still ahead.
    func countFocusing(at now: Date) async throws -> Int
}

/// What a `write(uuid:)` decision asks for, and afterwards what was done.
public enum SessionWrite: Sendable, Equatable {
    case insert(FocusSession)
    case update(FocusSession)
    case unchanged(FocusSession)

    public var session: FocusSession {
        switch self {
        case .insert(let session), .update(let session), .unchanged(let session): session
        }
    }
}
