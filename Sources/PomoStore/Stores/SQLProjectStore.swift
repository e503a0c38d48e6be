import Foundation
import PomoCore
import SQLKit

public struct SQLProjectStore: ProjectStore {
    let database: PomoDatabase
    let quotas: Quotas

    public init(database: PomoDatabase, quotas: Quotas = Quotas()) {
        self.database = database
        self.quotas = quotas
    }

    /// The user's personal projects, counted against `POMO_MAX_PROJECTS`.
    static func checkProjects(userId: Int64, _ quotas: Quotas, field: String, on db: any SQLDatabase) async throws {
        try await SQLQuota.check(
            userId: userId, max: quotas.projects,
            "SELECT COUNT(*) AS n FROM projects WHERE user_id = \(bind: userId) AND team_id IS NULL", on: db,
            Quotas.reached("projects", max: quotas.projects, setting: "POMO_MAX_PROJECTS", field: field))
    }

    public func find(id: Int64) async throws -> Project? {
        try await database.read { db in
            try await db.raw("SELECT * FROM projects WHERE id = \(bind: id)").first().map(Project.init(row:))
        }
    }

    public func find(ids: Set<Int64>) async throws -> [Int64: Project] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await database.read { db in
            try await db.raw("SELECT * FROM projects WHERE id IN (\(binds: ids.sorted()))").all()
                .map(Project.init(row:))
        }
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) })
    }

    public func personal(named name: String, userId: Int64, at now: Date) async throws -> Project {
        // The common case, a project that exists, is a read; only a new name takes a write.
        if let existing = try await database.lookup({ db in try await Self.personal(named: name, userId: userId, db) })
        {
            return existing
        }
        return try await database.write { db in
            // One personal project per name and user, even when two submits create it at once.
            try await db.serializeWrites(key: Self.lockBase &+ userId)
            if let existing = try await Self.personal(named: name, userId: userId, db) { return existing }
            try await Self.checkProjects(userId: userId, quotas, field: "project", on: db)
            let inserted = try await db.raw(
                """
                INSERT INTO projects (uuid, user_id, name, project_type, allow_parallel_tasks, is_active,
                    created_at, updated_at)
                VALUES (\(bind: UUID().uuidString.lowercased()), \(bind: userId), \(bind: name), 'other',
                    \(bind: false), \(bind: true), \(bind: ms(now)), \(bind: ms(now)))
                RETURNING *
                """
            ).first().map(Project.init(row:))!
            try await SQLChangeLog.project(id: inserted.id, "created", at: now, on: db)
            return inserted
        }
    }

    public func existingPersonal(named name: String, userId: Int64) async throws -> Project? {
        try await database.read { db in try await Self.personal(named: name, userId: userId, db) }
    }

    static func personal(named name: String, userId: Int64, _ db: any SQLDatabase) async throws -> Project? {
        try await personalByName.raw(on: db, [userId, name]).first().map(Project.init(row:))
    }

    /// Read by every Game submit and plan: a template, kept prepared on PostgreSQL.
    private static let personalByName = SQLTemplate(binds: 2) { v in
        "SELECT * FROM projects WHERE user_id = \(v[0]) AND team_id IS NULL AND name = \(v[1]) ORDER BY id LIMIT 1"
    }

    public func isTeamMember(teamId: Int64, userId: Int64) async throws -> Bool {
        try await database.read { db in
            try await db.raw(
                """
                SELECT 1 AS member FROM team_members
                WHERE team_id = \(bind: teamId) AND user_id = \(bind: userId) AND status = 'active'
                """
            ).first() != nil
        }
    }

    static let lockBase: Int64 = 0x706F_6D6F_0000_0000
}

extension Project {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "id", as: Int64.self), uuid: try row.decode(column: "uuid", as: String.self),
            userId: try row.decode(column: "user_id", as: Int64.self),
            teamId: try row.decode(column: "team_id", as: Int64?.self),
            name: try row.decode(column: "name", as: String.self),
            description: try row.decode(column: "description", as: String?.self),
            projectType: ProjectType(rawValue: try row.decode(column: "project_type", as: String.self)) ?? .other,
            rateCents: try row.decode(column: "rate_cents", as: Int64?.self),
            rateCurrency: try row.decode(column: "rate_currency", as: String?.self),
            allowParallelTasks: try row.decode(column: "allow_parallel_tasks", as: Bool.self),
            workingHoursPerDay: try row.decode(column: "working_hours_per_day", as: Double?.self),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}
