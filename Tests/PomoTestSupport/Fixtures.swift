import Foundation
import PomoStore
import SQLKit

/// Rows the tests need before the routes that create them exist.
public enum Fixtures {
    /// Inserts a project and a task for the user and returns the task's uuid.
    public static func insertTask(
        _ database: PomoDatabase, userId: Int64, name: String = "Write", timeLabel: String? = nil, target: Int = 1,
        status: String = "pending"
    ) async throws -> String {
        let taskUUID = UUID().uuidString.lowercased()
        _ = try await insertTaskRow(
            database, userId: userId, uuid: taskUUID, name: name, timeLabel: timeLabel, target: target, status: status)
        return taskUUID
    }

    /// The same with the task's uuid given (text to escape, say), returning the task's id.
    public static func insertTaskRow(
        _ database: PomoDatabase, userId: Int64, uuid taskUUID: String, name: String = "Write",
        timeLabel: String? = nil, target: Int = 1, status: String = "pending"
    ) async throws -> Int64 {
        try await database.write { db in
            let projectId = try await db.raw(
                """
                INSERT INTO projects (uuid, user_id, name, project_type, allow_parallel_tasks, is_active,
                    created_at, updated_at)
                VALUES (\(bind: UUID().uuidString.lowercased()), \(bind: userId), 'Fixture', 'other',
                    \(bind: false), \(bind: true), 0, 0)
                RETURNING id
                """
            ).first()!.decode(column: "id", as: Int64.self)
            return try await db.raw(
                """
                INSERT INTO tasks (uuid, user_id, project_id, name, status, task_type, time_label, daily_target,
                    created_at, updated_at)
                VALUES (\(bind: taskUUID), \(bind: userId), \(bind: projectId), \(bind: name), \(bind: status),
                    'default', \(bind: timeLabel), \(bind: target), 0, 0)
                RETURNING id
                """
            ).first()!.decode(column: "id", as: Int64.self)
        }
    }
}

extension Fixtures {
    /// Inserts a team with a project and the given members; returns the project's id (`team_<id>`).
    public static func insertTeamProject(_ database: PomoDatabase, ownerId: Int64, members: [Int64], name: String)
        async throws -> Int64
    {
        try await database.write { db in
            let teamId = try await db.raw(
                """
                INSERT INTO teams (slug, name, requires_approval, is_active, created_at, updated_at)
                VALUES (\(bind: "team-" + UUID().uuidString.lowercased()), 'Fixture Team', \(bind: false), \(bind: true), 0, 0)
                RETURNING id
                """
            ).first()!.decode(column: "id", as: Int64.self)
            for member in members {
                try await db.raw(
                    """
                    INSERT INTO team_members (team_id, user_id, role, status, joined_at)
                    VALUES (\(bind: teamId), \(bind: member), 'member', 'active', 0)
                    """
                ).run()
            }
            return try await db.raw(
                """
                INSERT INTO projects (uuid, user_id, team_id, name, project_type, allow_parallel_tasks, is_active,
                    created_at, updated_at)
                VALUES (\(bind: UUID().uuidString.lowercased()), \(bind: ownerId), \(bind: teamId), \(bind: name),
                    'other', \(bind: false), \(bind: true), 0, 0)
                RETURNING id
                """
            ).first()!.decode(column: "id", as: Int64.self)
        }
    }
}

extension Fixtures {
    /// Inserts `count` finished 30-minute time entries for `username`, `e-0`, `e-1`, …, three to a
    /// begin minute (so that ties in begin time are covered), from 2023-11-14.
    public static func insertTimeEntries(_ database: PomoDatabase, username: String, count: Int) async throws {
        try await database.write { db in
            let userId = try await db.raw("SELECT id FROM users WHERE username = \(bind: username)").first()!
                .decode(column: "id", as: Int64.self)
            for chunk in stride(from: 0, to: count, by: 200) {
                let rows = (chunk..<min(count, chunk + 200)).map { n -> SQLQueryString in
                    let begin = Int64(1_700_000_000_000) + Int64(n / 3) * 60_000
                    return
                        "(\(bind: "e-\(n)"), \(bind: userId), \(bind: begin), \(bind: begin + 1_800_000), 1800, \(bind: "entry \(n)"), \(bind: begin), \(bind: begin))"
                }
                try await db.raw(
                    """
                    INSERT INTO time_entries (uuid, user_id, begin_time, end_time, duration_seconds, comment,
                        created_at, updated_at) VALUES \(SQLList(rows))
                    """
                ).run()
            }
        }
    }
}
