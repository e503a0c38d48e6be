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

    /// Removes the changes logged before `cutoff` (`POMO_CHANGE_RETENTION_DAYS`) that the webhook
    /// outbox has taken, and keeps the cursor of the last one removed
    /// (`ChangeFeedStore.prunedThrough`). Each batch looks only at the next `batch` changes of the
    /// log's head, in the feed's order, so a run costs what it removes; a younger one among them
    /// stays, and a batch that removes fewer ends the run (the next hour goes on).
    public func pruneChanges(before cutoff: Date) async throws -> Int {
        try await inBatches { db, batch in
            let order: SQLQueryString = SQLFlavor(db).isPostgres ? "tx, id" : "id"
            let removed = try await db.raw(
                """
                DELETE FROM change_events WHERE id IN (
                    SELECT id FROM (SELECT id, tx, at FROM change_events ORDER BY \(order) LIMIT \(bind: batch)) AS head
                    WHERE at < \(bind: Timestamp.milliseconds(cutoff))
                        AND (tx, id) <= (SELECT tx, change_id FROM webhook_outbox WHERE id = 1))
                RETURNING tx, id
                """
            ).all().map { row in
                ChangeCursor(
                    transaction: try row.decode(column: "tx", as: Int64.self),
                    id: try row.decode(column: "id", as: Int64.self))
            }
            if let last = removed.max() {
                try await db.raw(
                    """
                    INSERT INTO change_log_pruned (id, tx, change_id) VALUES (1, \(bind: last.transaction), \(bind: last.id))
                    ON CONFLICT (id) DO UPDATE SET tx = excluded.tx, change_id = excluded.change_id
                    WHERE (change_log_pruned.tx, change_log_pruned.change_id) < (excluded.tx, excluded.change_id)
                    """
                ).run()
            }
            return removed.count
        }
    }

    /// Deletes the rows of `table` that match `condition`, `batch` at a time, and counts them.
    private func delete(_ table: String, key: String, _ condition: SQLQueryString) async throws -> Int {
        try await inBatches { db, batch in
            try await db.raw(
                "DELETE FROM \(unsafeRaw: table) WHERE \(unsafeRaw: key) IN (SELECT \(unsafeRaw: key) FROM \(unsafeRaw: table) WHERE "
                    + condition + " LIMIT \(bind: batch)) RETURNING \(unsafeRaw: key)"
            ).all().count
        }
    }

    /// Runs `step` (which removes at most `batch` rows and counts them), each time in a
    /// transaction of its own, until a step removes fewer; answers how many went in all.
    private func inBatches(_ step: @escaping @Sendable (any SQLDatabase, Int) async throws -> Int) async throws -> Int {
        var total = 0
        while true {
            let removed = try await database.write { [batch] db in try await step(db, batch) }
            total += removed
            if removed < batch { return total }
        }
    }
}
