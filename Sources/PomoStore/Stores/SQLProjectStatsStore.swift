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
                SELECT p.*, tm.name AS team_name, COUNT(fs.id) AS sessions,
                    COALESCE(SUM(fs.duration_minutes), 0) AS minutes, COALESCE(SUM(fs.points), 0) AS points,
                    MAX(fs.ended_at) AS last_used
                FROM projects p
                LEFT JOIN teams tm ON tm.id = p.team_id
                LEFT JOIN focus_sessions fs ON fs.project_id = p.id AND fs.user_id = \(bind: userId)
                    AND fs.status = 'completed' AND fs.kind = 'work'
                WHERE (p.team_id IS NULL AND p.user_id = \(bind: userId))
                    OR p.team_id IN (
                        SELECT team_id FROM team_members WHERE user_id = \(bind: userId) AND status = 'active')
                GROUP BY p.id, tm.name
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
