import Foundation
import PomoCore
import SQLKit

/// Reports from the maintained per-day totals (`focus_day_totals`): a range costs its days,
/// whatever the history. Every dialect's completed work sessions count.
public struct SQLReportStore: ReportStore {
    let database: PomoDatabase

    public init(database: PomoDatabase) { self.database = database }

    public func summary(userId: Int64, from: String, to: String, by grouping: ReportGrouping) async throws
        -> [ReportRow]
    {
        // A deleted project's totals keep its id and read as no project, as its sessions do.
        let key: SQLQueryString =
            switch grouping {
            case .day: "d.local_date"
            case .project: "COALESCE(p.name, '')"
            case .category: "d.category"
            }
        let query: SQLQueryString =
            """
            SELECT \(key) AS key, CAST(SUM(d.completed) AS BIGINT) AS sessions, SUM(d.minutes) AS minutes,
                SUM(d.completed_points) AS points
            FROM focus_day_totals d LEFT JOIN projects p ON p.id = d.project_id
            WHERE d.user_id = \(bind: userId) AND d.local_date >= \(bind: from) AND d.local_date <= \(bind: to)
            GROUP BY 1 HAVING SUM(d.completed) > 0 ORDER BY 1
            """
        return try await database.read { db in
            try await db.kept(query).all().map {
                ReportRow(
                    key: try $0.decode(column: "key", as: String.self),
                    sessions: try $0.decode(column: "sessions", as: Int.self),
                    minutes: try $0.decode(column: "minutes", as: Double.self),
                    points: try $0.decode(column: "points", as: Double.self))
            }
        }
    }
}
