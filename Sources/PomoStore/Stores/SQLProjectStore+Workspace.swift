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
            let inserted = try await db.raw(
                """
                INSERT INTO projects (uuid, user_id, name, description, project_type, rate_cents, rate_currency,
                    allow_parallel_tasks, working_hours_per_day, is_active, created_at, updated_at)
                VALUES (\(bind: project.uuid), \(bind: project.userId), \(bind: project.name),
                    \(bind: project.description), \(bind: project.projectType.rawValue), \(bind: project.rateCents),
                    \(bind: project.rateCurrency), \(bind: project.allowParallelTasks),
                    \(bind: project.workingHoursPerDay), \(bind: true),
                    \(bind: ms(project.createdAt)), \(bind: ms(project.updatedAt)))
                RETURNING *
                """
            ).first().map(Project.init(row:))!
            try await SQLChangeLog.project(id: inserted.id, "created", at: inserted.updatedAt, on: db)
            return inserted
        }
    }

    public func update(_ project: Project) async throws {
        try await database.write { db in
            try await db.raw(
                """
                UPDATE projects SET name = \(bind: project.name), description = \(bind: project.description),
                    project_type = \(bind: project.projectType.rawValue), rate_cents = \(bind: project.rateCents),
                    rate_currency = \(bind: project.rateCurrency),
                    allow_parallel_tasks = \(bind: project.allowParallelTasks),
                    working_hours_per_day = \(bind: project.workingHoursPerDay), updated_at = \(bind: ms(project.updatedAt))
                WHERE id = \(bind: project.id)
                """
            ).run()
            try await SQLChangeLog.project(id: project.id, "updated", at: project.updatedAt, on: db)
        }
    }

    public func delete(projectId: Int64) async throws {
        // Its tasks with their entries, its goals, estimations and reports go too, each with a tombstone in the change
        // log; focus sessions keep their history with the project link cleared.
        try await database.write { db in
            let now = Date()
            try await SQLFocusTotals.projectDeleted(projectId, on: db)
            try await Tracking.deleteEntries(
                "task_id IN (SELECT id FROM tasks WHERE project_id = \(bind: projectId))", at: now, db)
            let tasks = try await db.raw(
                "DELETE FROM tasks WHERE project_id = \(bind: projectId) RETURNING uuid, user_id"
            )
            .all()
            try await SQLFocusTotals.tasksDeleted(tasks, on: db)
            try await SQLChangeLog.deleted(.task, rows: tasks, at: now, on: db)
            let goals = try await db.raw(
                "DELETE FROM goals WHERE project_id = \(bind: projectId) RETURNING uuid, user_id"
            )
            .all()
            try await SQLChangeLog.deleted(.goal, rows: goals, at: now, on: db)
            for (table, entity) in [("estimations", SQLChangeLog.Entity.estimation), ("project_reports", .report)] {
                let rows = try await db.raw(
                    "DELETE FROM \(unsafeRaw: table) WHERE project_id = \(bind: projectId) RETURNING uuid, user_id"
                ).all()
                try await SQLChangeLog.deleted(entity, rows: rows, at: now, on: db)
            }
            let project = try await db.raw("DELETE FROM projects WHERE id = \(bind: projectId) RETURNING uuid, user_id")
                .all()
            try await SQLChangeLog.deleted(.project, rows: project, at: now, on: db)
        }
    }
}
