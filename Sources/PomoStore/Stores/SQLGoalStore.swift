import Foundation
import PomoCore
import SQLKit

public struct SQLGoalStore: GoalStore {
    let database: PomoDatabase

    public init(database: PomoDatabase) { self.database = database }

    /// Every goal read carries its owner's uuid: the project's, else the user's.
    static let select: SQLQueryString = """
        SELECT g.*, COALESCE(p.uuid, u.uuid) AS goalable_uuid FROM goals g
        JOIN users u ON u.id = g.user_id LEFT JOIN projects p ON p.id = g.project_id
        """

    public func goals(userId: Int64, projectId: Int64?) async throws -> [Goal] {
        var sql = Self.select + " WHERE g.user_id = \(bind: userId)"
        if let projectId { sql += " AND g.project_id = \(bind: projectId)" }
        let query = sql + " ORDER BY g.begin_date, g.id"
        return try await database.read { db in try await db.raw(query).all().map(Goal.init(row:)) }
    }

    public func goal(uuid: String, userId: Int64) async throws -> Goal? {
        try await database.read { db in
            try await db.raw(Self.select + " WHERE g.uuid = \(bind: uuid) AND g.user_id = \(bind: userId)").first()
                .map(Goal.init(row:))
        }
    }

    public func insert(_ goal: Goal) async throws -> Goal {
        try await refusingDuplicates {
            try await database.write { db in
                try await db.raw(
                    """
                    INSERT INTO goals (uuid, user_id, project_id, owner_key, text, period, begin_date, created_at,
                        updated_at)
                    VALUES (\(bind: goal.uuid), \(bind: goal.userId), \(bind: goal.projectId),
                        \(bind: Self.ownerKey(goal)), \(bind: goal.text), \(bind: goal.period.rawValue),
                        \(bind: goal.beginDate), \(bind: ms(goal.createdAt)), \(bind: ms(goal.updatedAt)))
                    """
                ).run()
                let inserted = try await db.raw(Self.select + " WHERE g.uuid = \(bind: goal.uuid)").first().map(
                    Goal.init(row:))!
                try await SQLChangeLog.goal(id: inserted.id, "created", at: inserted.updatedAt, on: db)
                return inserted
            }
        }
    }

    public func update(_ goal: Goal) async throws {
        try await refusingDuplicates {
            try await database.write { db in
                try await db.raw(
                    """
                    UPDATE goals SET text = \(bind: goal.text), period = \(bind: goal.period.rawValue),
                        begin_date = \(bind: goal.beginDate), updated_at = \(bind: ms(goal.updatedAt))
                    WHERE id = \(bind: goal.id)
                    """
                ).run()
                try await SQLChangeLog.goal(id: goal.id, "updated", at: goal.updatedAt, on: db)
            }
        }
    }

    public func delete(goalId: Int64) async throws {
        try await database.write { db in
            let rows = try await db.raw("DELETE FROM goals WHERE id = \(bind: goalId) RETURNING uuid, user_id").all()
            try await SQLChangeLog.deleted(.goal, rows: rows, at: Date(), on: db)
        }
    }

    private func refusingDuplicates<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch  where SQLErrors.isUniqueViolation(error) {
            throw AppError.validation("begin_date", "has already been taken")
        }
    }

    static func ownerKey(_ goal: Goal) -> String {
        goal.projectId.map { "project:\($0)" } ?? "user:\(goal.userId)"
    }
}

extension Goal {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "id", as: Int64.self), uuid: try row.decode(column: "uuid", as: String.self),
            userId: try row.decode(column: "user_id", as: Int64.self),
            projectId: try row.decode(column: "project_id", as: Int64?.self),
            goalableUUID: try row.decode(column: "goalable_uuid", as: String.self),
            text: try row.decode(column: "text", as: String.self),
            period: GoalPeriod(rawValue: try row.decode(column: "period", as: String.self)) ?? .week,
            beginDate: try row.decode(column: "begin_date", as: String.self), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"))
    }
}
