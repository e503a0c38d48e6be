import Foundation
import PomoCore
import SQLKit

/// Reads the totals `SQLFocusTotals` keeps: each answer a few rows found by key.
public struct SQLFocusStatsStore: FocusStatsStore {
    let database: PomoDatabase

    public init(database: PomoDatabase) { self.database = database }

    /// One statement, so one round trip to PostgreSQL instead of five: the all-time and per-hour
    /// rows, the favourite category, this week's and month's days, the latest streak run and the
    /// longest. Each part is a few rows found by key; `part` tells them apart.
    public func snapshot(userId: Int64, firstDay: String) async throws -> FocusStatsSnapshot {
        let query: SQLQueryString = """
            SELECT dimension AS part, key AS k, CAST(NULL AS TEXT) AS k2, CAST(completed AS BIGINT) AS n1,
                CAST(cancelled AS BIGINT) AS n2, CAST(weekend_completed AS BIGINT) AS n3, minutes AS f1,
                completed_points AS f2, cancelled_points AS f3, max_minutes AS f4
            FROM focus_user_totals WHERE user_id = \(bind: userId) AND dimension IN ('all', 'hour')
            UNION ALL
            SELECT 'category', key, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM (
                SELECT key FROM focus_user_totals
                WHERE user_id = \(bind: userId) AND dimension = 'category' AND completed > 0 AND key <> ''
                ORDER BY completed DESC, key LIMIT 1) AS favourite
            UNION ALL
            SELECT 'day', local_date, NULL, CAST(SUM(completed) AS BIGINT), NULL, NULL, NULL, SUM(completed_points),
                SUM(cancelled_points), NULL
            FROM focus_day_totals WHERE user_id = \(bind: userId) AND local_date >= \(bind: firstDay)
            GROUP BY local_date
            UNION ALL
            SELECT 'run', first_day, last_day, CAST(days AS BIGINT), NULL, NULL, NULL, NULL, NULL, NULL FROM (
                SELECT first_day, last_day, days FROM focus_streaks WHERE user_id = \(bind: userId)
                ORDER BY last_day DESC LIMIT 1) AS latest
            UNION ALL
            SELECT 'longest', NULL, NULL, CAST(days AS BIGINT), NULL, NULL, NULL, NULL, NULL, NULL FROM (
                SELECT days FROM focus_streaks WHERE user_id = \(bind: userId) ORDER BY days DESC LIMIT 1) AS longest
            """
        return try await database.lookup { db in
            var snapshot = FocusStatsSnapshot()
            for row in try await db.kept(query).all() {
                let key = try row.decode(column: "k", as: String?.self) ?? ""
                func totals() throws -> FocusTotals {
                    var totals = FocusTotals()
                    totals.completed = try row.decode(column: "n1", as: Int?.self) ?? 0
                    totals.cancelled = try row.decode(column: "n2", as: Int?.self) ?? 0
                    totals.weekendCompleted = try row.decode(column: "n3", as: Int?.self) ?? 0
                    totals.minutes = try row.decode(column: "f1", as: Double?.self) ?? 0
                    totals.completedPoints = try row.decode(column: "f2", as: Double?.self) ?? 0
                    totals.cancelledPoints = try row.decode(column: "f3", as: Double?.self) ?? 0
                    totals.maxMinutes = try row.decode(column: "f4", as: Double?.self) ?? 0
                    return totals
                }
                switch try row.decode(column: "part", as: String.self) {
                case "all": snapshot.all = try totals()
                case "hour": if let hour = Int(key) { snapshot.hours[hour] = try totals() }
                case "category": snapshot.favoriteCategory = key
                case "day": snapshot.days[key] = try totals()
                case "run":
                    snapshot.latestRun = StreakRun(
                        firstDay: key, lastDay: try row.decode(column: "k2", as: String?.self) ?? key,
                        days: try row.decode(column: "n1", as: Int?.self) ?? 0)
                case "longest": snapshot.longestStreak = try row.decode(column: "n1", as: Int?.self) ?? 0
                default: break
                }
            }
            return snapshot
        }
    }

    public func totals(userId: Int64, _ dimension: TotalsDimension) async throws -> [String: FocusTotals] {
        try await database.read { db in
            var totals: [String: FocusTotals] = [:]
            for row in try await db.kept(
                Self.selectTotals
                    + """
                     WHERE user_id = \(bind: userId) AND dimension = \(bind: dimension.rawValue)
                        AND (completed > 0 OR cancelled > 0)
                    """
            ).all() {
                totals[try row.decode(column: "key", as: String.self)] = try FocusTotals(row: row)
            }
            return totals
        }
    }

    static let selectTotals: SQLQueryString = """
        SELECT user_id, dimension, key, completed, cancelled, minutes, completed_points, cancelled_points,
            max_minutes, weekend_completed, last_ended_at, last_updated_at, last_started_at, last_source
        FROM focus_user_totals
        """
}

extension FocusTotals {
    /// A `focus_user_totals` row: the day row's sums and the rest.
    init(row: any SQLRow) throws {
        try self.init(dayRow: row)
        maxMinutes = try row.decode(column: "max_minutes", as: Double.self)
        weekendCompleted = try row.decode(column: "weekend_completed", as: Int.self)
        lastEndedAt = try row.decode(column: "last_ended_at", as: Int64.self)
        lastUpdatedAt = try row.decode(column: "last_updated_at", as: Int64.self)
        lastStartedAt = try row.decode(column: "last_started_at", as: Int64.self)
        lastSource = try row.decode(column: "last_source", as: String?.self)
    }
}

extension StreakRun {
    init(row: any SQLRow) throws {
        self.init(
            firstDay: try row.decode(column: "first_day", as: String.self),
            lastDay: try row.decode(column: "last_day", as: String.self),
            days: try row.decode(column: "days", as: Int.self))
    }
}
