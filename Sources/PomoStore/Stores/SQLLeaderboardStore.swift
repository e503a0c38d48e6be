import Foundation
import PomoCore
import SQLKit

/// The leaderboard from the maintained totals, ranked by the database: all time from each user's
/// one `all` row, a period from the days in it; streaks of every listed user in one query.
public struct SQLLeaderboardStore: LeaderboardStore {
    let database: PomoDatabase

    public init(database: PomoDatabase) { self.database = database }

    public func standing(from: String?, to: String?, metric: LeaderboardMetric, callerId: Int64, top: Int)
        async throws -> LeaderboardStanding
    {
        try await database.read { db in
            let flavor = SQLFlavor(db)
            // Every user with finished work in the span (or only `user`): one `all` row each for
            // all time, else their days in it summed; then the user's row by its primary key (a
            // CROSS JOIN keeps that order on SQLite: starting from `users` probed the totals'
            // index once per user, twice as slow).
            func board(of user: Int64?) -> SQLQueryString {
                let totals: SQLQueryString
                if from == nil, to == nil {
                    var only: SQLQueryString = ""
                    if let user { only = " AND t.user_id = \(bind: user)" }
                    totals = """
                        SELECT t.user_id, t.completed_points + t.cancelled_points AS points, t.completed AS sessions,
                            t.minutes
                        FROM focus_user_totals t
                        WHERE t.dimension = 'all' AND (t.completed > 0 OR t.cancelled > 0)\(only)
                        """
                } else {
                    var range: SQLQueryString = ""
                    if let from { range += " AND d.local_date >= \(bind: from)" }
                    if let to { range += " AND d.local_date <= \(bind: to)" }
                    if let user { range += " AND d.user_id = \(bind: user)" }
                    totals = """
                        SELECT d.user_id, SUM(d.completed_points + d.cancelled_points) AS points,
                            CAST(SUM(d.completed) AS BIGINT) AS sessions, SUM(d.minutes) AS minutes
                        FROM focus_day_totals d
                        WHERE 1 = 1\(range)
                        GROUP BY d.user_id
                        HAVING SUM(d.completed + d.cancelled) > 0
                        """
                }
                return """
                    SELECT u.id, u.username, u.public_leaderboard AS is_public, g.points, g.sessions, g.minutes
                    FROM (\(totals)) AS g CROSS JOIN users u
                    WHERE u.id = g.user_id
                    """
            }
            let value: SQLQueryString =
                switch metric {
                case .points: "points"
                case .sessions: "sessions"
                case .minutes: "minutes"
                }
            // Usernames are ASCII; byte order is the order Swift's String comparison gives them,
            // whatever collation the PostgreSQL database was created with.
            let collate: SQLQueryString = flavor.isPostgres ? " COLLATE \"C\"" : ""
            // The counts and the caller's place in one aggregate over the board, the ranking's
            // head by one sort of it (both faster on SQLite than the same as window sums). The
            // caller's own row rides along on each row (absent when they have no work in the
            // span: then every comparison with it is NULL). It is summed apart from the board,
            // maybe in another order, so it is never compared with the board's copy of itself.
            let visible: SQLQueryString = "(b.is_public OR b.id = \(bind: callerId))"
            let query: SQLQueryString = """
                WITH b AS (\(board(of: nil))), m AS (\(board(of: callerId)))
                SELECT b.id, b.username, b.is_public, b.points, b.sessions, b.minutes,
                    c.total_users, c.public_users, c.participants, c.ahead,
                    m.id AS my_id, m.username AS my_username, m.is_public AS my_is_public, m.points AS my_points,
                    m.sessions AS my_sessions, m.minutes AS my_minutes
                FROM b CROSS JOIN (
                    SELECT COUNT(*) AS total_users, SUM(CASE WHEN b.is_public THEN 1 ELSE 0 END) AS public_users,
                        SUM(CASE WHEN \(visible) THEN 1 ELSE 0 END) AS participants,
                        SUM(CASE WHEN \(visible) AND b.id <> m.id AND (b.\(value) > m.\(value)
                            OR (b.\(value) = m.\(value) AND b.username\(collate) < m.username)) THEN 1 ELSE 0 END) AS ahead
                    FROM b LEFT JOIN m ON 1 = 1) AS c
                LEFT JOIN m ON 1 = 1
                ORDER BY CASE WHEN \(visible) THEN 0 ELSE 1 END, b.\(value) DESC, b.username\(collate)
                LIMIT \(bind: top + 1)
                """
            var standing = LeaderboardStanding(rows: [], totalUsers: 0, publicUsers: 0, participants: 0)
            var mine: (position: Int, row: LeaderboardRow)?
            for (index, row) in try await db.kept(query).all().enumerated() {
                standing.totalUsers = try row.decode(column: "total_users", as: Int.self)
                standing.publicUsers = try row.decode(column: "public_users", as: Int.self)
                standing.participants = try row.decode(column: "participants", as: Int.self)
                if mine == nil, let id = try row.decode(column: "my_id", as: Int64?.self) {
                    mine = (
                        try row.decode(column: "ahead", as: Int.self) + 1,
                        try LeaderboardRow(row: row, prefix: "my_", id: id)
                    )
                }
                let id = try row.decode(column: "id", as: Int64.self)
                let isPublic = try row.decode(column: "is_public", as: Bool.self)
                // The visible rows come first: the rest are only there to fill the limit.
                guard isPublic || id == callerId else { break }
                standing.rows.append((index + 1, try LeaderboardRow(row: row, prefix: "", id: id)))
            }
            if let mine, !standing.rows.contains(where: { $0.row.userId == callerId }) {
                standing.rows.append(mine)
            }
            return standing
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

extension LeaderboardRow {
    init(row: any SQLRow, prefix: String, id: Int64) throws {
        self.init(
            userId: id, username: try row.decode(column: prefix + "username", as: String.self),
            isPublic: try row.decode(column: prefix + "is_public", as: Bool.self),
            points: try row.decode(column: prefix + "points", as: Double.self),
            sessions: try row.decode(column: prefix + "sessions", as: Int.self),
            minutes: try row.decode(column: prefix + "minutes", as: Double.self))
    }
}
