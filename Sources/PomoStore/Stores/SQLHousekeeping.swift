import Foundation
import PomoCore
import SQLKit

/// Deletes rows that can no longer mean anything: throttle windows long past, refresh tokens,
/// revoked token ids and web sessions past their expiry. Without it anyone could grow the
/// database by failing logins, and every login would leave a row forever.
public struct SQLHousekeeping: Sendable {
    let database: PomoDatabase
    /// Each statement deletes at most this many rows, each batch in a transaction of its own:
    /// after an outage or an attack there may be millions, and one statement would hold the
    /// writer (on SQLite, every write) for as long and bring every key back at once.
    let batch: Int

    public init(database: PomoDatabase, batch: Int = 5_000) {
        self.database = database
        self.batch = batch
    }

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
        let finishedBefore = Timestamp.milliseconds(now.addingTimeInterval(-Self.deliveryHistory))
        var purged = Purged()
        purged.rateLimits = try await delete("rate_limits", key: "key", "window_start < \(bind: nowMs - 3_600_000)")
        purged.refreshTokens = try await delete("refresh_tokens", key: "jti", "expires_at < \(bind: nowMs)")
        purged.revokedTokens = try await delete("revoked_tokens", key: "jti", "expires_at < \(bind: nowMs)")
        purged.webSessions = try await delete("web_sessions", key: "digest", "expires_at < \(bind: nowMs)")
        purged.webhookDeliveries = try await delete(
            "webhook_deliveries", key: "id", "status <> 'pending' AND updated_at < \(bind: finishedBefore)")
        return purged
    }

    /// Deletes the rows of `table` that match `condition`, `batch` at a time, and counts them.
    private func delete(_ table: String, key: String, _ condition: SQLQueryString) async throws -> Int {
        var total = 0
        while true {
            let deleted = try await database.write { [batch] db in
                try await db.raw(
                    "DELETE FROM \(unsafeRaw: table) WHERE \(unsafeRaw: key) IN (SELECT \(unsafeRaw: key) FROM \(unsafeRaw: table) WHERE "
                        + condition + " LIMIT \(bind: batch)) RETURNING \(unsafeRaw: key)"
                ).all().count
            }
            total += deleted
            if deleted < batch { return total }
        }
    }
}
