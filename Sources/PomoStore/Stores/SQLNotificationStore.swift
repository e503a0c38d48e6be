import Foundation
import PomoCore
import SQLKit

public struct SQLNotificationStore: NotificationStore {
    let database: PomoDatabase

    public init(database: PomoDatabase) { self.database = database }

    public func enqueue(projectId: Int64, teamId: Int64, userId: Int64, event: String, text: String, at now: Date)
        async throws -> Bool
    {
        try await database.write { db in
            let url = try await db.raw(
                """
                SELECT url FROM webhooks WHERE project_id = \(bind: projectId) AND is_active = \(bind: true)
                ORDER BY id DESC LIMIT 1
                """
            ).first()?.decode(column: "url", as: String.self)
            try await db.raw(
                """
                INSERT INTO notifications (team_id, project_id, user_id, event, text, url, status, attempts,
                    next_attempt_at, created_at, updated_at)
                VALUES (\(bind: teamId), \(bind: projectId), \(bind: userId), \(bind: event), \(bind: text), \(bind: url),
                    \(bind: url == nil ? "stored" : "pending"), 0, \(bind: url == nil ? Int64?.none : ms(now)), \(bind: ms(now)),
                    \(bind: ms(now)))
                """
            ).run()
            return url != nil
        }
    }

    public func claimDue(limit: Int, at now: Date, lease: TimeInterval) async throws -> [TeamNotification] {
        try await database.write { db in
            let skipLocked: SQLQueryString = SQLFlavor(db).isPostgres ? " FOR UPDATE SKIP LOCKED" : ""
            let due = try await db.raw(
                """
                SELECT id, event, text, url, attempts FROM notifications
                WHERE status = 'pending' AND next_attempt_at <= \(bind: ms(now)) ORDER BY id LIMIT \(bind: limit)
                """ + skipLocked
            ).all().map { row in
                TeamNotification(
                    id: try row.decode(column: "id", as: Int64.self),
                    event: try row.decode(column: "event", as: String.self),
                    text: try row.decode(column: "text", as: String.self),
                    url: try row.decode(column: "url", as: String.self),
                    attempts: try row.decode(column: "attempts", as: Int.self))
            }
            if !due.isEmpty {
                try await db.raw(
                    """
                    UPDATE notifications SET next_attempt_at = \(bind: ms(now.addingTimeInterval(lease)))
                    WHERE id IN (\(binds: due.map(\.id)))
                    """
                ).run()
            }
            return due
        }
    }

    public func markDelivered(id: Int64, at now: Date) async throws {
        try await database.write { db in
            try await db.raw(
                """
                UPDATE notifications SET status = 'delivered', attempts = attempts + 1, next_attempt_at = NULL,
                    updated_at = \(bind: ms(now))
                WHERE id = \(bind: id)
                """
            ).run()
        }
    }

    public func markFailed(id: Int64, error: String, retryAt: Date?, at now: Date) async throws {
        try await database.write { db in
            try await db.raw(
                """
                UPDATE notifications SET status = \(bind: retryAt == nil ? "failed" : "pending"),
                    attempts = attempts + 1, last_error = \(bind: String(error.prefix(500))),
                    next_attempt_at = \(bind: ms(retryAt)), updated_at = \(bind: ms(now))
                WHERE id = \(bind: id)
                """
            ).run()
        }
    }
}
