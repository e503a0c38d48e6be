import Foundation
import PomoCore
import SQLKit

/// Deletes rows that can no longer mean anything: throttle windows long past, refresh tokens,
/// revoked token ids and web sessions past their expiry. Without it anyone could grow the
/// database by failing logins, and every login would leave a row forever.
public struct SQLHousekeeping: Sendable {
    let database: PomoDatabase

    public init(database: PomoDatabase) { self.database = database }

    /// How many rows each table lost.
    public struct Purged: Sendable, Equatable {
        public var rateLimits = 0
        public var refreshTokens = 0
        public var revokedTokens = 0
        public var webSessions = 0
        public var webhookDeliveries = 0

        public var total: Int { rateLimits + refreshTokens + revokedTokens + webSessions + webhookDeliveries }

        public init(
            rateLimits: Int = 0, refreshTokens: Int = 0, revokedTokens: Int = 0, webSessions: Int = 0,
            webhookDeliveries: Int = 0
        ) {
            self.rateLimits = rateLimits
            self.refreshTokens = refreshTokens
            self.revokedTokens = revokedTokens
            self.webSessions = webSessions
            self.webhookDeliveries = webhookDeliveries
        }
    }

    /// Finished webhook deliveries are listed for this long, then go.
    public static let deliveryHistory: TimeInterval = 30 * 86_400

    /// Rate limit windows are at most 15 minutes long; an hour-old start is over for any of them.
    public func purge(at now: Date) async throws -> Purged {
        let nowMs = Timestamp.milliseconds(now)
        let windowsBefore = nowMs - 3_600_000
        return try await database.write { db in
            var purged = Purged()
            purged.rateLimits = try await Self.delete(
                db, "DELETE FROM rate_limits WHERE window_start < \(bind: windowsBefore) RETURNING key")
            purged.refreshTokens = try await Self.delete(
                db, "DELETE FROM refresh_tokens WHERE expires_at < \(bind: nowMs) RETURNING jti")
            purged.revokedTokens = try await Self.delete(
                db, "DELETE FROM revoked_tokens WHERE expires_at < \(bind: nowMs) RETURNING jti")
            purged.webSessions = try await Self.delete(
                db, "DELETE FROM web_sessions WHERE expires_at < \(bind: nowMs) RETURNING digest")
            let finishedBefore = Timestamp.milliseconds(now.addingTimeInterval(-Self.deliveryHistory))
            purged.webhookDeliveries = try await Self.delete(
                db,
                """
                DELETE FROM webhook_deliveries WHERE status <> 'pending' AND updated_at < \(bind: finishedBefore)
                RETURNING id
                """)
            return purged
        }
    }

    private static func delete(_ db: any SQLDatabase, _ query: SQLQueryString) async throws -> Int {
        try await db.raw(query).all().count
    }
}
