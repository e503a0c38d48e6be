import Foundation
import PomoCore
import SQLKit

public struct SQLProjectStatsStore: ProjectStatsStore {
    let database: PomoDatabase

    public init(database: PomoDatabase) { self.database = database }

    public func summaries(userId: Int64) async throws -> [ProjectSummary] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT p.*, tm.name AS team_name, COALESCE(t.completed, 0) AS sessions,
                    COALESCE(t.minutes, 0) AS minutes, COALESCE(t.completed_points, 0) AS points,
                    CASE WHEN t.last_ended_at > 0 THEN t.last_ended_at END AS last_used
                FROM projects p
                LEFT JOIN teams tm ON tm.id = p.team_id
                LEFT JOIN focus_user_totals t ON t.user_id = \(bind: userId) AND t.dimension = 'project'
                    AND t.key = CAST(p.id AS TEXT)
                WHERE (p.team_id IS NULL AND p.user_id = \(bind: userId))
                    OR p.team_id IN (
                        SELECT team_id FROM team_members WHERE user_id = \(bind: userId) AND status = 'active')
                """
            ).all().map { row in
                ProjectSummary(
                    project: try Project(row: row), teamName: try row.decode(column: "team_name", as: String?.self),
                    color: try row.decode(column: "color", as: String?.self),
                    slackChannel: try row.decode(column: "slack_channel", as: String?.self),
                    isActive: try row.decode(column: "is_active", as: Bool.self),
                    sessions: try row.decode(column: "sessions", as: Int.self),
                    minutes: try row.decode(column: "minutes", as: Double.self),
                    points: try row.decode(column: "points", as: Double.self),
                    lastUsed: try row.optionalDate("last_used"))
            }
        }
    }
}
