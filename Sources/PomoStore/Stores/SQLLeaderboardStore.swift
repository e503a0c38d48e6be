import Foundation
import PomoCore
import SQLKit

/// The leaderboard from the maintained totals: all time from each user's one `all` row, a period
/// from the days in it; streaks of every listed user in one query.
public struct SQLLeaderboardStore: LeaderboardStore {
    let database: PomoDatabase

    public init(database: PomoDatabase) { self.database = database }

    public func totals(from: String?, to: String?) async throws -> [LeaderboardRow] {
        try await database.read { db in
            // Whether a user opted in, read from the stored preferences by the database itself.
            let isPublic: SQLQueryString =
                SQLFlavor(db).isPostgres
                ? "COALESCE((u.preferences::jsonb -> 'public_leaderboard') = 'true'::jsonb, false)"
                : "COALESCE(json_type(u.preferences, '$.public_leaderboard') = 'true', 0)"
            let query: SQLQueryString
            if from == nil, to == nil {
                query = """
                    SELECT u.id, u.username, \(isPublic) AS is_public, t.completed_points + t.cancelled_points AS points,
                        t.completed AS sessions, t.minutes
                    FROM focus_user_totals t JOIN users u ON u.id = t.user_id
                    WHERE t.dimension = 'all' AND (t.completed > 0 OR t.cancelled > 0)
                    """
            } else {
                var range: SQLQueryString = ""
                if let from { range += " AND d.local_date >= \(bind: from)" }
                if let to { range += " AND d.local_date <= \(bind: to)" }
                query = """
                    SELECT u.id, u.username, \(isPublic) AS is_public,
                        SUM(d.completed_points + d.cancelled_points) AS points,
                        CAST(SUM(d.completed) AS BIGINT) AS sessions, SUM(d.minutes) AS minutes
                    FROM focus_day_totals d JOIN users u ON u.id = d.user_id
                    WHERE 1 = 1\(range)
                    GROUP BY u.id, u.username, u.preferences
                    HAVING SUM(d.completed + d.cancelled) > 0
                    """
            }
            return try await db.kept(query).all().map { row in
                LeaderboardRow(
                    userId: try row.decode(column: "id", as: Int64.self),
                    username: try row.decode(column: "username", as: String.self),
                    isPublic: try row.decode(column: "is_public", as: Bool.self),
                    points: try row.decode(column: "points", as: Double.self),
                    sessions: try row.decode(column: "sessions", as: Int.self),
                    minutes: try row.decode(column: "minutes", as: Double.self))
            }
        }
    }

    public func latestRuns(userIds: [Int64]) async throws -> [Int64: StreakRun] {
        guard !userIds.isEmpty else { return [:] }
        return try await database.read { db in
            var runs: [Int64: StreakRun] = [:]
            // Each listed user's latest run in two index probes, the newest end and the run that
            // ends there: reading every run of the listed users to pick the latest grew with their
            // histories (56 ms for 100 users with 70 runs each, on PostgreSQL).
            for row in try await db.raw(
                """
                SELECT s.user_id, s.first_day, s.last_day, s.days
                FROM (SELECT u.id, (SELECT MAX(m.last_day) FROM focus_streaks m WHERE m.user_id = u.id) AS latest
                    FROM users u WHERE u.id IN (\(binds: userIds))) AS l
                JOIN focus_streaks s ON s.user_id = l.id AND s.last_day = l.latest
                """
            ).all() {
                runs[try row.decode(column: "user_id", as: Int64.self)] = try StreakRun(row: row)
            }
            return runs
        }
    }
}
