import Foundation

public actor InMemoryFocusSessionStore: FocusSessionStore, TaskLookup {
    private struct StoredTask {
        var ref: TaskRef
        var title: String
        var timeLabel: String?
        var target: Int
        var status: String
    }

    private var sessions: [Int64: FocusSession] = [:]
    private var tasks: [StoredTask] = []
    private var executions: [String: Int] = [:]
    /// Time entries written by completions (the Time Magic store will own these).
    public private(set) var timeEntries: [TimeEntryDraft] = []
    private var nextId: Int64 = 1

    public init() {}

    /// Test support: a task the lookups will find (tasks are created through the Time Magic routes).
    public func addTask(
        _ task: TaskRef, title: String = "Task", timeLabel: String? = nil, target: Int = 1, status: String = "pending"
    ) {
        tasks.append(StoredTask(ref: task, title: title, timeLabel: timeLabel, target: target, status: status))
    }

    public func task(uuid: String, userId: Int64) -> TaskRef? {
        tasks.first { $0.ref.uuid == uuid && $0.ref.userId == userId }?.ref
    }

    public func daily(userId: Int64, localDate: String) -> [DailyTask] {
        tasks.filter { $0.ref.userId == userId }.compactMap { task in
            let done = executions["\(task.ref.id)/\(localDate)"]
            guard !["completed", "archived"].contains(task.status) || done != nil else { return nil }
            return DailyTask(
                uuid: task.ref.uuid, title: task.title, timeLabel: task.timeLabel, target: task.target,
                completed: done ?? 0)
        }
    }

    public func recordExecution(taskId: Int64, userId: Int64, localDate: String, at now: Date) -> Int {
        let key = "\(taskId)/\(localDate)"
        executions[key, default: 0] += 1
        return executions[key]!
    }

    public func create(_ session: FocusSession) throws -> FocusSession {
        if session.status == .active, let running = active(userId: session.userId) {
            throw FocusSessionRules.alreadyActive(running.id)
        }
        var session = session
        session.id = nextId
        nextId += 1
        sessions[session.id] = session
        return session
    }

    public func find(id: Int64, userId: Int64) -> FocusSession? {
        sessions[id].flatMap { $0.userId == userId ? $0 : nil }
    }

    public func find(uuid: String, userId: Int64) -> FocusSession? {
        sessions.values.first { $0.uuid == uuid && $0.userId == userId }
    }

    public func active(userId: Int64) -> FocusSession? {
        sessions.values.first { $0.userId == userId && $0.status == .active }
    }

    public func modify(id: Int64, userId: Int64, _ change: @Sendable (inout FocusSession) throws -> Void) throws
        -> FocusSession?
    {
        guard var session = find(id: id, userId: userId) else { return nil }
        let before = session
        try change(&session)
        if let entry = FocusSessionRules.timeEntry(before: before, after: session) { timeEntries.append(entry) }
        sessions[id] = session
        return session
    }

    public func write(uuid: String, _ decide: @Sendable (FocusSession?) throws -> SessionWrite) throws -> SessionWrite {
        let existing = sessions.values.first { $0.uuid == uuid }
        switch try decide(existing) {
        case .insert(let session): return .insert(try create(session))
        case .update(let session):
            if let existing, let entry = FocusSessionRules.timeEntry(before: existing, after: session) {
                timeEntries.append(entry)
            }
            sessions[session.id] = session
            return .update(session)
        case .unchanged(let session): return .unchanged(session)
        }
    }

    public func expireStale(userId: Int64, at now: Date) {
        for (id, session) in sessions where session.userId == userId {
            var lapsed = session
            if FocusSessionRules.lapse(&lapsed, at: now) { sessions[id] = lapsed }
        }
    }

    public func overlappingSeconds(userId: Int64, start: Date, end: Date, excluding uuid: String) -> Double {
        sessions.values.filter {
            $0.userId == userId && $0.kind == .work && $0.status == .completed && $0.uuid != uuid
        }.reduce(0) { total, session in
            guard let ended = session.endedAt else { return total }
            return total + max(0, min(ended, end).timeIntervalSince(max(session.startedAt, start)))
        }
    }

    public func countFocusing(at now: Date) -> Int {
        Set(sessions.values.filter { FocusSessionRules.isFocusing($0, at: now) }.map(\.userId)).count
    }

    public func delete(id: Int64, userId: Int64, at now: Date) -> FocusSession? {
        guard let session = sessions[id], session.userId == userId else { return nil }
        sessions[id] = nil
        return session
    }

    public func list(userId: Int64, _ query: SessionQuery) -> [FocusSession] {
        sessions.values
            .filter { $0.userId == userId && query.matches($0) }
            .sorted { ($0.startedAt, $0.id) > ($1.startedAt, $1.id) }
            .prefix(query.limit).map { $0 }
    }

    public func scan(userId: Int64, _ query: SessionQuery, _ body: @Sendable (any ColumnRow) throws -> Void) throws {
        for session in list(userId: userId, query) { try body(SessionColumns(session)) }
    }
}

extension SessionQuery {
    /// The filters and cursor as a predicate; the SQL stores express the same in their WHERE.
    func matches(_ session: FocusSession) -> Bool {
        let start = session.startedAt
        if let after, (start, session.id) >= (after.startedAt, after.id) { return false }
        if let from, start < from { return false }
        if let to, start >= to { return false }
        if let statuses, !statuses.contains(session.status) { return false }
        if let kinds, !kinds.contains(session.kind) { return false }
        if let projectId, session.projectId != projectId { return false }
        if let category, session.category != category { return false }
        return true
    }
}
