import Foundation
import PomoCore
import SQLKit

public struct SQLImportStore: ImportStore {
    let database: PomoDatabase

    public init(database: PomoDatabase) { self.database = database }

    /// Thrown to roll a dry run back once it has counted.
    private struct DryRun: Error {
        var result: ImportResult
    }

    public func apply(_ entries: [ResolvedEntry], userId: Int64, quotas: Quotas, dryRun: Bool, at now: Date)
        async throws -> ImportResult
    {
        do {
            return try await database.write { db in
                var result = ImportResult()
                var projects: [String: Int64] = [:]
                var tasks: [String: Int64] = [:]
                var created: [Int64] = []
                for entry in entries {
                    var taskId: Int64?
                    if let projectName = entry.project, let taskName = entry.task {
                        let projectId: Int64
                        if let known = projects[projectName] {
                            projectId = known
                        } else {
                            projectId = try await Self.project(projectName, userId: userId, at: now, &result, db)
                            projects[projectName] = projectId
                        }
                        let key = "\(projectId)/\(taskName)"
                        if let known = tasks[key] {
                            taskId = known
                        } else {
                            let id = try await Self.task(
                                taskName, projectId: projectId, userId: userId, at: now, &result, db)
                            tasks[key] = id
                            taskId = id
                        }
                    }
                    let exists = try await db.raw("SELECT 1 AS one FROM time_entries WHERE uuid = \(bind: entry.uuid)")
                        .first()
                    if exists != nil {
                        result.skipped += 1
                        continue
                    }
                    let id = try await db.raw(
                        """
                        INSERT INTO time_entries (uuid, user_id, task_id, begin_time, end_time, duration_seconds, comment,
                            created_at, updated_at)
                        VALUES (\(bind: entry.uuid), \(bind: userId), \(bind: taskId), \(bind: ms(entry.begin)),
                            \(bind: ms(entry.end)), \(bind: Int64(entry.end.timeIntervalSince(entry.begin).rounded())),
                            \(bind: entry.description), \(bind: ms(now)), \(bind: ms(now)))
                        RETURNING id
                        """
                    ).first()!.decode(column: "id", as: Int64.self)
                    created.append(id)
                    result.timeEntries += 1
                }
                try await Self.checkQuota(
                    "projects", "SELECT COUNT(*) AS n FROM projects WHERE user_id = \(bind: userId)", quotas.projects,
                    db)
                try await Self.checkQuota(
                    "tasks", "SELECT COUNT(*) AS n FROM tasks WHERE user_id = \(bind: userId)", quotas.tasks, db)
                for chunk in stride(from: 0, to: created.count, by: 500) {
                    try await SQLChangeLog.timeEntries(
                        ids: Array(created[chunk..<min(created.count, chunk + 500)]), "created", at: now, on: db)
                }
                if dryRun { throw DryRun(result: result) }
                return result
            }
        } catch let dryRun as DryRun {
            return dryRun.result
        }
    }

    private static func project(
        _ name: String, userId: Int64, at now: Date, _ result: inout ImportResult, _ db: any SQLDatabase
    ) async throws -> Int64 {
        if let found = try await db.raw(
            """
            SELECT id FROM projects WHERE user_id = \(bind: userId) AND team_id IS NULL AND name = \(bind: name)
            ORDER BY id LIMIT 1
            """
        ).first() {
            return try found.decode(column: "id", as: Int64.self)
        }
        let id = try await db.raw(
            """
            INSERT INTO projects (uuid, user_id, name, project_type, allow_parallel_tasks, is_active, created_at,
                updated_at)
            VALUES (\(bind: UUID().uuidString.lowercased()), \(bind: userId), \(bind: name), 'other', \(bind: false),
                \(bind: true), \(bind: ms(now)), \(bind: ms(now)))
            RETURNING id
            """
        ).first()!.decode(column: "id", as: Int64.self)
        try await SQLChangeLog.project(id: id, "created", at: now, on: db)
        result.projects += 1
        return id
    }

    private static func task(
        _ name: String, projectId: Int64, userId: Int64, at now: Date, _ result: inout ImportResult,
        _ db: any SQLDatabase
    ) async throws -> Int64 {
        if let found = try await db.raw(
            "SELECT id FROM tasks WHERE project_id = \(bind: projectId) AND name = \(bind: name) ORDER BY id LIMIT 1"
        ).first() {
            return try found.decode(column: "id", as: Int64.self)
        }
        let id = try await db.raw(
            """
            INSERT INTO tasks (uuid, user_id, project_id, name, status, task_type, daily_target, created_at, updated_at)
            VALUES (\(bind: UUID().uuidString.lowercased()), \(bind: userId), \(bind: projectId), \(bind: name),
                'pending', 'default', 0, \(bind: ms(now)), \(bind: ms(now)))
            RETURNING id
            """
        ).first()!.decode(column: "id", as: Int64.self)
        try await SQLChangeLog.task(id: id, "created", at: now, on: db)
        result.tasks += 1
        return id
    }

    private static func checkQuota(_ what: String, _ count: SQLQueryString, _ max: Int, _ db: any SQLDatabase)
        async throws
    {
        let n = try await db.raw(count).first()?.decode(column: "n", as: Int.self) ?? 0
        guard n <= max else {
            throw AppError(
                .unprocessable, "the import would give you \(n) \(what); at most \(max) are allowed", field: "file")
        }
    }
}
