import Foundation
import PomoCore
import SQLKit

public struct SQLWorkTaskStore: WorkTaskStore {
    let database: PomoDatabase
    let quotas: Quotas

    public init(database: PomoDatabase, quotas: Quotas = Quotas()) {
        self.database = database
        self.quotas = quotas
    }

    static let select: SQLQueryString =
        "SELECT t.*, p.uuid AS project_uuid FROM tasks t JOIN projects p ON p.id = t.project_id"

    public func tasks(projectId: Int64) async throws -> [WorkTask] {
        try await database.read { db in
            try await db.raw(Self.select + " WHERE t.project_id = \(bind: projectId) ORDER BY t.id").all()
                .map(WorkTask.init(row:))
        }
    }

    public func tasks(ofPersonalProjectsOf userId: Int64) async throws -> [WorkTask] {
        try await database.read { db in
            try await db.raw(
                Self.select + " WHERE p.user_id = \(bind: userId) AND p.team_id IS NULL ORDER BY t.project_id, t.id"
            ).all().map(WorkTask.init(row:))
        }
    }

    public func task(uuid: String, userId: Int64) async throws -> WorkTask? {
        try await database.read { db in try await Self.task(uuid: uuid, userId: userId, db) }
    }

    static func task(uuid: String, userId: Int64, _ db: any SQLDatabase) async throws -> WorkTask? {
        try await db.raw(Self.select + " WHERE t.uuid = \(bind: uuid) AND t.user_id = \(bind: userId)").first()
            .map(WorkTask.init(row:))
    }

    public func tracked(userId: Int64) async throws -> [WorkTask] {
        try await database.read { db in
            try await db.raw(
                Self.select
                    + """
                     WHERE t.user_id = \(bind: userId) AND t.id IN
                        (SELECT task_id FROM time_entries WHERE user_id = \(bind: userId) AND end_time IS NULL)
                    ORDER BY t.id
                    """
            ).all().map(WorkTask.init(row:))
        }
    }

    public func insert(_ task: WorkTask) async throws -> WorkTask {
        try await database.write { db in
            try await SQLQuota.check(
                userId: task.userId, max: quotas.tasks,
                "SELECT COUNT(*) AS n FROM tasks WHERE user_id = \(bind: task.userId)", on: db,
                Quotas.reached("tasks", max: quotas.tasks, setting: "POMO_MAX_TASKS"))
            let id = try await db.raw(
                """
                INSERT INTO tasks (uuid, user_id, project_id, name, description, status, task_type, data, time_label,
                    daily_target, created_at, updated_at)
                VALUES (\(bind: task.uuid), \(bind: task.userId), \(bind: task.projectId), \(bind: task.name),
                    \(bind: task.description), \(bind: task.status.rawValue), \(bind: task.taskType.rawValue),
                    \(bind: task.data), \(bind: task.timeLabel), \(bind: task.dailyTarget), \(bind: ms(task.createdAt)),
                    \(bind: ms(task.updatedAt)))
                RETURNING id
                """
            ).first()!.decode(column: "id", as: Int64.self)
            try await SQLChangeLog.task(id: id, "created", at: task.updatedAt, on: db)
            var inserted = task
            inserted.id = id
            return inserted
        }
    }

    public func update(_ task: WorkTask) async throws {
        try await database.write { db in
            try await db.raw(
                """
                UPDATE tasks SET name = \(bind: task.name), description = \(bind: task.description),
                    task_type = \(bind: task.taskType.rawValue), data = \(bind: task.data),
                    time_label = \(bind: task.timeLabel), daily_target = \(bind: task.dailyTarget),
                    updated_at = \(bind: ms(task.updatedAt))
                WHERE id = \(bind: task.id)
                """
            ).run()
            try await SQLChangeLog.task(id: task.id, "updated", at: task.updatedAt, on: db)
        }
    }

    public func delete(taskId: Int64) async throws {
        try await database.write { db in
            let now = Date()
            try await Tracking.deleteEntries("task_id = \(bind: taskId)", at: now, db)
            let rows = try await db.raw("DELETE FROM tasks WHERE id = \(bind: taskId) RETURNING uuid, user_id").all()
            try await SQLFocusTotals.tasksDeleted(rows, on: db)
            try await SQLChangeLog.deleted(.task, rows: rows, at: now, on: db)
        }
    }

    public func apply(_ event: TaskEvent, taskId: Int64, userId: Int64, at now: Date) async throws -> WorkTask {
        try await Tracking.refusingSecondRunning { try await applying(event, taskId: taskId, userId: userId, at: now) }
    }

    private func applying(_ event: TaskEvent, taskId: Int64, userId: Int64, at now: Date) async throws -> WorkTask {
        try await database.write { db in
            // Every tracking change of one user takes turns, so the limit and a switch see a
            // settled set of running entries.
            try await db.serializeWrites(key: Tracking.lock(userId: userId))
            guard
                var task = try await db.raw(Self.select + " WHERE t.id = \(bind: taskId)").first()
                    .map(WorkTask.init(row:))
            else { throw AppError.notFound() }
            let running = try await db.raw(
                """
                SELECT e.id, e.task_id, t.project_id FROM time_entries e JOIN tasks t ON t.id = e.task_id
                WHERE e.user_id = \(bind: userId) AND e.end_time IS NULL
                """
            ).all().map {
                RunningTaskEntry(
                    entryId: try $0.decode(column: "id", as: Int64.self),
                    taskId: try $0.decode(column: "task_id", as: Int64.self),
                    projectId: try $0.decode(column: "project_id", as: Int64.self))
            }
            let parallel =
                try await db.raw("SELECT allow_parallel_tasks FROM projects WHERE id = \(bind: task.projectId)")
                .first()?.decode(column: "allow_parallel_tasks", as: Bool.self) ?? false
            let plan = try TaskTracking.plan(event, task: task, running: running, parallel: parallel)
            try await Tracking.close(plan.close, at: now, db)
            for (id, status) in plan.statuses.sorted(by: { $0.key < $1.key }) {
                try await db.raw(
                    "UPDATE tasks SET status = \(bind: status.rawValue), updated_at = \(bind: ms(now)) WHERE id = \(bind: id)"
                ).run()
                try await SQLChangeLog.task(id: id, "updated", at: now, on: db)
            }
            if plan.openEntry { try await Tracking.open(userId: userId, taskId: task.id, activityId: nil, at: now, db) }
            task.status = plan.statuses[task.id] ?? task.status
            task.updatedAt = now
            return task
        }
    }
}

/// The running-entry writes shared by tasks and activities.
enum Tracking {
    static func lock(userId: Int64) -> Int64 { 0x706F_6D6F_0100_0000 &+ userId }

    /// The partial unique indexes allow one running entry per task and per activity.
    static func refusingSecondRunning<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch  where SQLErrors.isUniqueViolation(error) {
            throw AppError.validation("base", "Only one running time entry per task or activity")
        }
    }

    static func close(_ entryIds: [Int64], at now: Date, _ db: any SQLDatabase) async throws {
        guard !entryIds.isEmpty else { return }
        // An entry that a client began in the future ends where it begins, never before.
        try await db.raw(
            """
            UPDATE time_entries SET
                end_time = CASE WHEN begin_time > \(bind: ms(now)) THEN begin_time ELSE \(bind: ms(now)) END,
                duration_seconds = CASE WHEN begin_time > \(bind: ms(now)) THEN 0
                    ELSE (\(bind: ms(now)) - begin_time) / 1000 END,
                updated_at = \(bind: ms(now))
            WHERE id IN (\(binds: entryIds))
            """
        ).run()
        try await SQLChangeLog.timeEntries(ids: entryIds, "updated", at: now, on: db)
    }

    /// Deletes the entries `condition` names, with a tombstone each (a task's or an activity's,
    /// before the row itself goes, so that a syncing client learns of them).
    static func deleteEntries(_ condition: SQLQueryString, at now: Date, _ db: any SQLDatabase) async throws {
        let rows = try await db.raw("DELETE FROM time_entries WHERE " + condition + " RETURNING uuid, user_id").all()
        try await SQLChangeLog.deleted(.timeEntry, rows: rows, at: now, on: db)
    }

    static func open(userId: Int64, taskId: Int64?, activityId: Int64?, at now: Date, _ db: any SQLDatabase)
        async throws
    {
        let id = try await db.raw(
            """
            INSERT INTO time_entries (uuid, user_id, task_id, activity_id, begin_time, created_at, updated_at)
            VALUES (\(bind: UUID().uuidString.lowercased()), \(bind: userId), \(bind: taskId), \(bind: activityId),
                \(bind: ms(now)), \(bind: ms(now)), \(bind: ms(now)))
            RETURNING id
            """
        ).first()!.decode(column: "id", as: Int64.self)
        try await SQLChangeLog.timeEntries(ids: [id], "created", at: now, on: db)
    }
}

extension WorkTask {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "id", as: Int64.self), uuid: try row.decode(column: "uuid", as: String.self),
            userId: try row.decode(column: "user_id", as: Int64.self),
            projectId: try row.decode(column: "project_id", as: Int64.self),
            projectUUID: try row.decode(column: "project_uuid", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            description: try row.decode(column: "description", as: String?.self),
            status: WorkTaskStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending,
            taskType: WorkTaskType(rawValue: try row.decode(column: "task_type", as: String.self)) ?? .default,
            data: try row.decode(column: "data", as: String?.self),
            timeLabel: try row.decode(column: "time_label", as: String?.self),
            dailyTarget: try row.decode(column: "daily_target", as: Int.self), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"))
    }
}
