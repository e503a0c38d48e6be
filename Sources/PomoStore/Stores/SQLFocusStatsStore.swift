import Foundation
import PomoCore
import SQLKit

/// Reads the totals `SQLFocusTotals` keeps: each answer a few rows found by key.
public struct SQLFocusStatsStore: FocusStatsStore {
    let database: PomoDatabase

    public init(database: PomoDatabase) { self.database = database }

    public func snapshot(userId: Int64, firstDay: String) async throws -> FocusStatsSnapshot {
        try await database.lookup { db in
            var snapshot = FocusStatsSnapshot()
            for row in try await db.raw(
                Self.selectTotals + " WHERE user_id = \(bind: userId) AND dimension IN ('all', 'hour')"
            ).all() {
                let totals = try FocusTotals(row: row)
                let key = try row.decode(column: "key", as: String.self)
                if try row.decode(column: "dimension", as: String.self) == "all" {
                    snapshot.all = totals
                } else if let hour = Int(key) {
                    snapshot.hours[hour] = totals
                }
            }
            snapshot.favoriteCategory = try await db.raw(
                """
                SELECT key FROM focus_user_totals
                WHERE user_id = \(bind: userId) AND dimension = 'category' AND completed > 0 AND key <> ''
                ORDER BY completed DESC, key LIMIT 1
                """
            ).first()?.decode(column: "key", as: String.self)
            for row in try await db.raw(
                """
                SELECT local_date, CAST(SUM(completed) AS BIGINT) AS completed,
                    SUM(completed_points) AS completed_points, SUM(cancelled_points) AS cancelled_points
                FROM focus_day_totals WHERE user_id = \(bind: userId) AND local_date >= \(bind: firstDay)
                GROUP BY local_date
                """
            ).all() {
                var totals = FocusTotals()
                totals.completed = try row.decode(column: "completed", as: Int.self)
                totals.completedPoints = try row.decode(column: "completed_points", as: Double.self)
                totals.cancelledPoints = try row.decode(column: "cancelled_points", as: Double.self)
                snapshot.days[try row.decode(column: "local_date", as: String.self)] = totals
            }
            snapshot.latestRun = try await db.raw(
                """
                SELECT first_day, last_day, days FROM focus_streaks WHERE user_id = \(bind: userId)
                ORDER BY last_day DESC LIMIT 1
                """
            ).first().map(StreakRun.init(row:))
            snapshot.longestStreak =
                try await db.raw(
                    "SELECT days FROM focus_streaks WHERE user_id = \(bind: userId) ORDER BY days DESC LIMIT 1"
                ).first()?.decode(column: "days", as: Int.self) ?? 0
            return snapshot
        }
    }

    public func totals(userId: Int64, _ dimension: TotalsDimension) async throws -> [String: FocusTotals] {
        try await database.read { db in
            var totals: [String: FocusTotals] = [:]
            for row in try await db.raw(
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
        SELECT dimension, key, completed, cancelled, minutes, completed_points, cancelled_points, max_minutes,
            weekend_completed, last_ended_at, last_updated_at, last_started_at, last_source
        FROM focus_user_totals
        """
}

extension FocusTotals {
    init(row: any SQLRow) throws {
        self.init()
        completed = try row.decode(column: "completed", as: Int.self)
        cancelled = try row.decode(column: "cancelled", as: Int.self)
        minutes = try row.decode(column: "minutes", as: Double.self)
        completedPoints = try row.decode(column: "completed_points", as: Double.self)
        cancelledPoints = try row.decode(column: "cancelled_points", as: Double.self)
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
