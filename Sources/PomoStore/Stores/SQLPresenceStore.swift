import Foundation
import PomoCore
import SQLKit

public struct SQLPresenceStore: PresenceStore {
    let database: PomoDatabase

    public init(database: PomoDatabase) { self.database = database }

    public func teammates(of userIds: Set<Int64>) async throws -> Set<Int64> {
        guard !userIds.isEmpty else { return [] }
        let ids = Array(userIds)
        return try await database.read { db in
            let mates = try await db.raw(
                """
                SELECT DISTINCT mate.user_id FROM team_members mine
                JOIN team_members mate ON mate.team_id = mine.team_id AND mate.status = 'active'
                WHERE mine.user_id IN (\(binds: ids)) AND mine.status = 'active'
                """
            ).all().map { try $0.decode(column: "user_id", as: Int64.self) }
            return userIds.union(mates)
        }
    }

    public func focusingTeammates(of userId: Int64, at now: Date) async throws -> [FocusingMember] {
        let now = ms(now)
        let grace = Int64(FocusSessionRules.presenceGrace * 1000)
        return try await database.read { db in
            try await db.raw(
                """
                SELECT u.username, fs.category, fs.scheduled_end_at,
                    CASE WHEN p.team_id IN (SELECT team_id FROM team_members
                        WHERE user_id = \(bind: userId) AND status = 'active') THEN p.name END AS project
                FROM focus_sessions fs JOIN users u ON u.id = fs.user_id
                LEFT JOIN projects p ON p.id = fs.project_id
                WHERE fs.status IN ('planned', 'active') AND fs.kind = 'work' AND fs.started_at <= \(bind: now)
                    AND (fs.expires_at IS NULL OR fs.expires_at > \(bind: now))
                    AND (fs.scheduled_end_at IS NULL OR fs.scheduled_end_at > \(bind: now - grace))
                    AND (fs.user_id = \(bind: userId) OR fs.user_id IN (
                        SELECT mate.user_id FROM team_members mine
                        JOIN team_members mate ON mate.team_id = mine.team_id AND mate.status = 'active'
                        WHERE mine.user_id = \(bind: userId) AND mine.status = 'active'))
                ORDER BY u.username
                """
            ).all().map {
                FocusingMember(
                    username: try $0.decode(column: "username", as: String.self),
                    category: try $0.decode(column: "category", as: String?.self),
                    project: try $0.decode(column: "project", as: String?.self),
                    endsAt: try $0.optionalDate("scheduled_end_at").map(Timestamp.format))
            }
        }
    }
}
