import Foundation
import PomoCore
import SQLKit

public struct SQLLeaderboardStore: LeaderboardStore {
    let database: PomoDatabase

    public init(database: PomoDatabase) { self.database = database }

    public func totals(from: String?, to: String?) async throws -> [LeaderboardRow] {
        var sql: SQLQueryString = """
            SELECT u.id, u.username, u.preferences, SUM(COALESCE(fs.points, 0)) AS points,
                SUM(CASE WHEN fs.status = 'completed' THEN 1 ELSE 0 END) AS sessions,
                SUM(CASE WHEN fs.status = 'completed' THEN COALESCE(fs.duration_minutes, 0) ELSE 0 END) AS minutes
            FROM focus_sessions fs JOIN users u ON u.id = fs.user_id
            WHERE fs.kind = 'work' AND fs.status IN ('completed', 'cancelled')
            """
        if let from { sql += " AND fs.local_date >= \(bind: from)" }
        if let to { sql += " AND fs.local_date <= \(bind: to)" }
        sql += " GROUP BY u.id, u.username, u.preferences"
        let query = sql
        return try await database.read { db in
            try await db.raw(query).all().map { row in
                let preferences = try row.decode(column: "preferences", as: String.self)
                let isPublic =
                    (try? JSONDecoder().decode(UserPreferences.self, from: Data(preferences.utf8)))?.publicLeaderboard
                    ?? false
                return LeaderboardRow(
                    userId: try row.decode(column: "id", as: Int64.self),
                    username: try row.decode(column: "username", as: String.self), isPublic: isPublic,
                    points: try row.decode(column: "points", as: Double?.self) ?? 0,
                    sessions: try row.decode(column: "sessions", as: Int?.self) ?? 0,
                    minutes: try row.decode(column: "minutes", as: Double?.self) ?? 0)
            }
        }
    }

    public func activeDays(userId: Int64) async throws -> Set<String> {
        try await database.read { db in
            Set(
                try await db.raw(
                    """
                    SELECT DISTINCT local_date FROM focus_sessions
                    WHERE user_id = \(bind: userId) AND kind = 'work' AND status = 'completed'
                    """
                ).all().map { try $0.decode(column: "local_date", as: String.self) })
        }
    }
}
