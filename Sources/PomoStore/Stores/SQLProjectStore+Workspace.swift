import Foundation
import PomoCore
import SQLKit

extension SQLProjectStore: WorkProjectStore {
    public func projects(userId: Int64) async throws -> [Project] {
        try await database.read { db in
            try await db.raw(
                "SELECT * FROM projects WHERE user_id = \(bind: userId) AND team_id IS NULL ORDER BY id"
            ).all().map(Project.init(row:))
        }
    }

    public func project(uuid: String, userId: Int64) async throws -> Project? {
        try await database.read { db in
            try await db.raw(
                "SELECT * FROM projects WHERE uuid = \(bind: uuid) AND user_id = \(bind: userId) AND team_id IS NULL"
            ).first().map(Project.init(row:))
        }
    }

    public func insert(_ project: Project) async throws -> Project {
        try await database.write { db in
            if project.teamId == nil {
                try await Self.checkProjects(userId: project.userId, quotas, field: "base", on: db)
            }
            return try await db.raw(
                """
                INSERT INTO projects (uuid, user_id, name, description, project_type, rate_cents, rate_currency,
                    allow_parallel_tasks, is_active, created_at, updated_at)
                VALUES (\(bind: project.uuid), \(bind: project.userId), \(bind: project.name),
                    \(bind: project.description), \(bind: project.projectType.rawValue), \(bind: project.rateCents),
                    \(bind: project.rateCurrency), \(bind: project.allowParallelTasks), \(bind: true),
                    \(bind: ms(project.createdAt)), \(bind: ms(project.updatedAt)))
                RETURNING *
                """
            ).first().map(Project.init(row:))!
        }
    }

    public func update(_ project: Project) async throws {
        try await database.write { db in
            try await db.raw(
                """
                UPDATE projects SET name = \(bind: project.name), description = \(bind: project.description),
                    project_type = \(bind: project.projectType.rawValue), rate_cents = \(bind: project.rateCents),
                    rate_currency = \(bind: project.rateCurrency),
                    allow_parallel_tasks = \(bind: project.allowParallelTasks), updated_at = \(bind: ms(project.updatedAt))
                WHERE id = \(bind: project.id)
                """
            ).run()
        }
    }

    public func delete(projectId: Int64) async throws {
        // Tasks, their entries and the project's goals go by ON DELETE CASCADE; focus sessions
        // keep their history with the project link cleared.
        try await database.write { db in
            try await SQLFocusTotals.projectDeleted(projectId, on: db)
            try await db.raw("DELETE FROM projects WHERE id = \(bind: projectId)").run()
        }
    }
}
