import Foundation
import PomoCore
import SQLKit

public struct SQLTeamStore: TeamStore {
    let database: PomoDatabase

    public init(database: PomoDatabase) { self.database = database }

    static let select: SQLQueryString = """
        SELECT t.*, (SELECT COUNT(*) FROM team_members m WHERE m.team_id = t.id AND m.status = 'active')
            AS member_count
        FROM teams t
        """

    public func create(slug: String, name: String, description: String?, creatorId: Int64, at now: Date) async throws
        -> Team
    {
        do {
            let id = try await database.write { db in
                let id = try await db.raw(
                    """
                    INSERT INTO teams (slug, name, description, requires_approval, is_active, created_at, updated_at)
                    VALUES (\(bind: slug), \(bind: name), \(bind: description), \(bind: false), \(bind: true),
                        \(bind: ms(now)), \(bind: ms(now)))
                    RETURNING id
                    """
                ).first()!.decode(column: "id", as: Int64.self)
                try await db.raw(
                    """
                    INSERT INTO team_members (team_id, user_id, role, status, joined_at)
                    VALUES (\(bind: id), \(bind: creatorId), 'admin', 'active', \(bind: ms(now)))
                    """
                ).run()
                try await SQLChangeLog.membership(teamId: id, userId: creatorId, "added", at: now, on: db)
                return id
            }
            return try await database.read { db in
                try await db.raw(Self.select + " WHERE t.id = \(bind: id)").first().map(Team.init(row:))!
            }
        } catch  where SQLErrors.isUniqueViolation(error) {
            throw AppError.conflict("A team with this slug already exists")
        }
    }

    public func list() async throws -> [Team] {
        try await database.read { db in
            try await db.raw(Self.select + " WHERE t.is_active = \(bind: true) ORDER BY t.name").all()
                .map(Team.init(row:))
        }
    }

    public func list(memberId userId: Int64) async throws -> [Team] {
        try await database.read { db in
            try await db.raw(
                Self.select
                    + """
                     WHERE t.is_active = \(bind: true) AND EXISTS (SELECT 1 FROM team_members m
                        WHERE m.team_id = t.id AND m.user_id = \(bind: userId) AND m.status = 'active')
                    ORDER BY t.name
                    """
            ).all().map(Team.init(row:))
        }
    }

    public func find(slug: String) async throws -> Team? {
        try await database.read { db in
            try await db.raw(Self.select + " WHERE t.slug = \(bind: slug)").first().map(Team.init(row:))
        }
    }

    public func members(teamId: Int64) async throws -> [TeamMember] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT m.id, m.user_id, u.username, m.role, m.joined_at FROM team_members m
                JOIN users u ON u.id = m.user_id
                WHERE m.team_id = \(bind: teamId) AND m.status = 'active' ORDER BY m.id
                """
            ).all().map(TeamMember.init(row:))
        }
    }

    public func role(teamId: Int64, userId: Int64) async throws -> TeamRole? {
        try await database.read { db in
            try await db.raw(
                """
                SELECT role FROM team_members
                WHERE team_id = \(bind: teamId) AND user_id = \(bind: userId) AND status = 'active'
                """
            ).first().flatMap { TeamRole(rawValue: try $0.decode(column: "role", as: String.self)) }
        }
    }

    public func setMember(teamId: Int64, userId: Int64, role: TeamRole, at now: Date) async throws -> TeamMember {
        try await database.write { db in
            let member = try await db.raw(
                "SELECT id FROM team_members WHERE team_id = \(bind: teamId) AND user_id = \(bind: userId)"
            ).first()
            try await db.raw(
                """
                INSERT INTO team_members (team_id, user_id, role, status, joined_at)
                VALUES (\(bind: teamId), \(bind: userId), \(bind: role.rawValue), 'active', \(bind: ms(now)))
                ON CONFLICT (team_id, user_id) DO UPDATE SET role = excluded.role, status = 'active'
                """
            ).run()
            try await SQLChangeLog.membership(
                teamId: teamId, userId: userId, member == nil ? "added" : "updated", at: now, on: db)
            return try await db.raw(
                """
                SELECT m.id, m.user_id, u.username, m.role, m.joined_at FROM team_members m
                JOIN users u ON u.id = m.user_id WHERE m.team_id = \(bind: teamId) AND m.user_id = \(bind: userId)
                """
            ).first().map(TeamMember.init(row:))!
        }
    }

    public func removeMember(teamId: Int64, userId: Int64) async throws -> Bool {
        try await database.write { db in
            let removed =
                try await db.raw(
                    "DELETE FROM team_members WHERE team_id = \(bind: teamId) AND user_id = \(bind: userId) RETURNING id"
                ).first() != nil
            if removed {
                try await SQLChangeLog.membership(teamId: teamId, userId: userId, "removed", at: Date(), on: db)
            }
            return removed
        }
    }

    public func createProject(teamId: Int64, ownerId: Int64, _ project: NewTeamProject, at now: Date) async throws
        -> Project
    {
        try await database.write { db in
            let created = try await db.raw(
                """
                INSERT INTO projects (uuid, user_id, team_id, name, project_type, color, slack_channel,
                    allow_parallel_tasks, is_active, created_at, updated_at)
                VALUES (\(bind: UUID().uuidString.lowercased()), \(bind: ownerId), \(bind: teamId),
                    \(bind: project.name), 'other', \(bind: project.color), \(bind: project.slackChannel),
                    \(bind: false), \(bind: true), \(bind: ms(now)), \(bind: ms(now)))
                RETURNING *
                """
            ).first().map(Project.init(row:))!
            if let url = project.webhookURL {
                try await Self.insertWebhook(url, projectId: created.id, teamId: teamId, userId: ownerId, at: now, db)
            }
            return created
        }
    }

    public func teamId(ofProject projectId: Int64) async throws -> Int64? {
        try await database.read { db in
            try await db.raw("SELECT team_id FROM projects WHERE id = \(bind: projectId)").first()
                .flatMap { try $0.decode(column: "team_id", as: Int64?.self) }
        }
    }

    public func webhookURL(projectId: Int64) async throws -> String? {
        try await database.read { db in
            try await db.raw(
                """
                SELECT url FROM webhooks WHERE project_id = \(bind: projectId) AND is_active = \(bind: true)
                ORDER BY id DESC LIMIT 1
                """
            ).first().map { try $0.decode(column: "url", as: String.self) }
        }
    }

    public func setWebhookURL(_ url: String?, projectId: Int64, teamId: Int64, by userId: Int64, at now: Date)
        async throws
    {
        try await database.write { db in
            try await db.raw(
                """
                UPDATE webhooks SET is_active = \(bind: false), updated_at = \(bind: ms(now))
                WHERE project_id = \(bind: projectId) AND is_active = \(bind: true)
                """
            ).run()
            if let url {
                try await Self.insertWebhook(url, projectId: projectId, teamId: teamId, userId: userId, at: now, db)
            }
        }
    }

    private static func insertWebhook(
        _ url: String, projectId: Int64, teamId: Int64, userId: Int64, at now: Date, _ db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO webhooks (uuid, user_id, team_id, project_id, url, secret, events, is_active,
                created_at, updated_at)
            VALUES (\(bind: UUID().uuidString.lowercased()), \(bind: userId), \(bind: teamId),
                \(bind: projectId), \(bind: url), \(bind: RandomToken.base64URL()), 'session.*', \(bind: true),
                \(bind: ms(now)), \(bind: ms(now)))
            """
        ).run()
    }
}

extension Team {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "id", as: Int64.self), slug: try row.decode(column: "slug", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            description: try row.decode(column: "description", as: String?.self),
            requiresApproval: try row.decode(column: "requires_approval", as: Bool.self),
            isActive: try row.decode(column: "is_active", as: Bool.self),
            memberCount: try row.decode(column: "member_count", as: Int.self), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"))
    }
}

extension TeamMember {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "id", as: Int64.self), userId: try row.decode(column: "user_id", as: Int64.self),
            username: try row.decode(column: "username", as: String.self),
            role: TeamRole(rawValue: try row.decode(column: "role", as: String.self)) ?? .member,
            joinedAt: try row.date("joined_at"))
    }
}
