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
            try await db.raw(
                """
                INSERT INTO tasks (uuid, user_id, project_id, name, status, task_type, time_label, daily_target,
                    created_at, updated_at)
                VALUES (\(bind: taskUUID), \(bind: userId), \(bind: projectId), \(bind: name), \(bind: status),
                    'default', \(bind: timeLabel), \(bind: target), 0, 0)
                """
            ).run()
        }
        return taskUUID
    }
}
