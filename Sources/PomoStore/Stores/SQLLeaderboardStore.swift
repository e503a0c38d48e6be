import Foundation
import PomoCore
import SQLKit
import Synchronization

/// The leaderboard from the maintained totals, ranked by the database: all time from each user's
/// one `all` row, a period from the days in it; the latest runs of every listed user in one query.
///
/// A period's whole ranking is kept while no commit has become visible since it was read
/// (`PomoDatabase.dataVersion`: any commit, this process's or another's): a leaderboard is read
/// far more often than anyone's work changes it, and a kept ranking answers any caller and limit
/// without another pass over the users. The listed users' latest runs are kept the same way.
public struct SQLLeaderboardStore: LeaderboardStore {
    let database: PomoDatabase
    /// Spans differ by the callers' zones: a few per period and metric. Up to half a million
    /// rows (about 50 MB): 32 rankings of 15,000 users, 5 of 100,000.
    let rankings = KeptAtVersion<RankingKey, LeaderboardRanking>(budget: 500_000) { $0.rows.count + 1 }
    /// The listed users' latest runs: the same users for every caller but the private ones
    /// ranked among them.
    let runs = KeptAtVersion<[Int64], [Int64: StreakRun]>(budget: 32 * 101) { $0.count + 1 }

    public init(database: PomoDatabase) { self.database = database }

    public func version() async throws -> String { try await database.dataVersion() }

    public func standing(
        from: String?, to: String?, metric: LeaderboardMetric, callerId: Int64, top: Int, version: String
    ) async throws -> LeaderboardStanding {
        let key = RankingKey(from: from, to: to, metric: metric)
        if let ranking = rankings.value(for: key, version: version) {
            return ranking.standing(callerId: callerId, top: top)
        }
        // Read after the version was taken: a commit in between makes the next request read again.
        let ranking = try await database.read { db in
            LeaderboardRanking(
                rows: try await db.kept(
                    """
                    SELECT b.id, b.username, b.is_public, b.points, b.sessions, b.minutes
                    FROM (\(Self.board(from: from, to: to))) AS b
                    ORDER BY b.\(Self.column(metric)) DESC, b.username\(Self.byteOrder(db))
                    """
                ).all().map { row in
                    try LeaderboardRow(row: row)
                })
        }
        rankings.keep(ranking, for: key, version: version)
        return ranking.standing(callerId: callerId, top: top)
    }

    /// Every user with finished work in the span: one `all` row each for all time, else their
    /// days in it summed; then the user's row by its primary key (a CROSS JOIN
    /// keeps that order on SQLite: starting from `users` probed the totals' index once per user,
    /// twice as slow).
    static func board(from: String?, to: String?) -> SQLQueryString {
        let totals: SQLQueryString
        if from == nil, to == nil {
            totals = """
                SELECT t.user_id, t.completed_points + t.cancelled_points AS points, t.completed AS sessions,
                    t.minutes
                FROM focus_user_totals t
                WHERE t.dimension = 'all' AND (t.completed > 0 OR t.cancelled > 0)
                """
        } else {
            var range: SQLQueryString = ""
            if let from { range += " AND d.local_date >= \(bind: from)" }
            if let to { range += " AND d.local_date <= \(bind: to)" }
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

    static func column(_ metric: LeaderboardMetric) -> SQLQueryString {
        switch metric {
        case .points: "points"
        case .sessions: "sessions"
        case .minutes: "minutes"
        }
    }

    /// Usernames are ASCII; byte order is the order Swift's String comparison gives them,
    /// whatever collation the PostgreSQL database was created with.
    static func byteOrder(_ db: any SQLDatabase) -> SQLQueryString {
        SQLFlavor(db).isPostgres ? " COLLATE \"C\"" : ""
    }

    public func latestRuns(userIds: [Int64], version: String) async throws -> [Int64: StreakRun] {
        guard !userIds.isEmpty else { return [:] }
        if let kept = runs.value(for: userIds, version: version) { return kept }
        let latest = try await database.read { db in
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
        runs.keep(latest, for: userIds, version: version)
        return latest
    }
}

extension LeaderboardRow {
    init(row: any SQLRow) throws {
        self.init(
            userId: try row.decode(column: "id", as: Int64.self),
            username: try row.decode(column: "username", as: String.self),
            isPublic: try row.decode(column: "is_public", as: Bool.self),
            points: try row.decode(column: "points", as: Double.self),
            sessions: try row.decode(column: "sessions", as: Int.self),
            minutes: try row.decode(column: "minutes", as: Double.self))
    }
}

/// Every user with work in a span, best first (ties by username), and what a standing needs to
/// be read from it without another pass: where each user is, and how many public users come
/// before each place.
struct LeaderboardRanking: Sendable {
    let rows: [LeaderboardRow]
    let places: [Int64: Int]
    /// `publicBefore[i]`: the public users among `rows[..<i]`; the last is all of them.
    let publicBefore: [Int]

    init(rows: [LeaderboardRow]) {
        self.rows = rows
        var places: [Int64: Int] = [:]
        var publicBefore = [0]
        places.reserveCapacity(rows.count)
        publicBefore.reserveCapacity(rows.count + 1)
        for (index, row) in rows.enumerated() {
            places[row.userId] = index
            publicBefore.append(publicBefore[index] + (row.isPublic ? 1 : 0))
        }
        self.places = places
        self.publicBefore = publicBefore
    }

    /// The ranking of the public users and the caller: its first `top + 1` rows and the caller's.
    func standing(callerId: Int64, top: Int) -> LeaderboardStanding {
        let mine = places[callerId]
        let callerIsPrivate = mine.map { !rows[$0].isPublic } ?? false
        func position(_ index: Int) -> Int {
            publicBefore[index] + (callerIsPrivate && mine! < index ? 1 : 0) + 1
        }
        var shown: [(position: Int, row: LeaderboardRow)] = []
        var index = 0
        while index < rows.count, shown.count < top + 1 {
            if rows[index].isPublic || index == mine { shown.append((position(index), rows[index])) }
            index += 1
        }
        if let mine, mine >= index { shown.append((position(mine), rows[mine])) }
        let publicUsers = publicBefore[rows.count]
        return LeaderboardStanding(
            rows: shown, totalUsers: rows.count, publicUsers: publicUsers,
            participants: publicUsers + (callerIsPrivate ? 1 : 0))
    }
}

/// Answers read at one data version (`PomoDatabase.dataVersion`): a new version replaces them
/// all, and once they would weigh more than `budget` (each weighs `weight(value)`) it starts
/// over, so memory stays bounded however many spans, zones and callers ask.
final class KeptAtVersion<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    let budget: Int
    let weight: @Sendable (Value) -> Int
    private let kept = Mutex<(version: String, values: [Key: Value], weight: Int)>(("", [:], 0))

    init(budget: Int, weight: @escaping @Sendable (Value) -> Int) {
        self.budget = budget
        self.weight = weight
    }

    func value(for key: Key, version: String) -> Value? {
        kept.withLock { $0.version == version ? $0.values[key] : nil }
    }

    func keep(_ value: Value, for key: Key, version: String) {
        let added = weight(value)
        kept.withLock { kept in
            if kept.version != version || kept.weight + added > budget { kept = (version, [:], 0) }
            kept.values[key] = value
            kept.weight += added
        }
    }
}

/// What a ranking is kept by.
struct RankingKey: Hashable, Sendable {
    var from: String?
    var to: String?
    var metric: LeaderboardMetric
}
