import Foundation
import PomoCore
import SQLKit

/// Reports straight from `focus_sessions` over the (user_id, local_date) index: every dialect's
/// completed work sessions count.
public struct SQLReportStore: ReportStore {
    let database: PomoDatabase

    public init(database: PomoDatabase) { self.database = database }

    public func summary(userId: Int64, from: String, to: String, by grouping: ReportGrouping) async throws
        -> [ReportRow]
    {
        let key: SQLQueryString =
            switch grouping {
            case .day: "fs.local_date"
            case .project: "COALESCE(p.name, '')"
            case .category: "COALESCE(fs.category, '')"
            }
        let query: SQLQueryString =
            """
            SELECT \(key) AS key, COUNT(*) AS sessions, COALESCE(SUM(fs.duration_minutes), 0) AS minutes,
                COALESCE(SUM(fs.points), 0) AS points
            FROM focus_sessions fs LEFT JOIN projects p ON p.id = fs.project_id
            WHERE fs.user_id = \(bind: userId) AND fs.local_date >= \(bind: from) AND fs.local_date <= \(bind: to)
                AND fs.status = 'completed' AND fs.kind = 'work'
            GROUP BY 1 ORDER BY 1
            """
        return try await database.read { db in
            try await db.raw(query).all().map {
                ReportRow(
                    key: try $0.decode(column: "key", as: String.self),
                    sessions: try $0.decode(column: "sessions", as: Int.self),
                    minutes: try $0.decode(column: "minutes", as: Double.self),
                    points: try $0.decode(column: "points", as: Double.self))
            }
        }
    }
}
