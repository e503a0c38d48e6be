import Foundation
import PomoCore
import PomoWire
import SQLKit

/// Signed webhooks and one outbox for them and for team projects' webhooks. A delivery is written
/// when its change is taken from the log (`webhook_outbox` holds how far that has gone, one row
/// shared by every instance), and sent and retried from `webhook_deliveries`. Team notifications
/// still pending move into it; their table goes.
struct M0009WebhookOutbox: Migration {
    let version = 9
    let name = "webhook outbox"

    func apply(on db: any SQLDatabase, _ sql: SQLFlavor) async throws {
        for statement in [
            "ALTER TABLE webhooks ADD COLUMN disabled_reason TEXT",
            "ALTER TABLE webhooks ADD COLUMN failures INTEGER NOT NULL DEFAULT 0",
            "CREATE INDEX webhooks_user ON webhooks (user_id) WHERE project_id IS NULL",
            "CREATE INDEX webhooks_project ON webhooks (project_id) WHERE is_active",
            """
            CREATE TABLE webhook_deliveries (
                \(sql.idColumn),
                uuid TEXT NOT NULL UNIQUE,
                webhook_id BIGINT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
                change_id BIGINT,
                redelivery_of TEXT,
                kind TEXT NOT NULL,
                payload TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                response_code INTEGER,
                last_error TEXT,
                next_attempt_at BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'",
            "CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id)",
            // A change reaches a webhook once, whichever instance takes it from the log.
            """
            CREATE UNIQUE INDEX webhook_deliveries_once ON webhook_deliveries (webhook_id, change_id)
            WHERE redelivery_of IS NULL AND change_id IS NOT NULL
            """,
            "CREATE TABLE webhook_outbox (id INTEGER PRIMARY KEY, tx BIGINT NOT NULL, change_id BIGINT NOT NULL)",
        ] {
            try await db.raw(SQLQueryString(statement)).run()
        }
        // Webhooks hear of what happens from now on, not of the history already logged.
        let end = try await db.raw("SELECT tx, id FROM change_events ORDER BY tx DESC, id DESC LIMIT 1").first()
        try await db.raw(
            """
            INSERT INTO webhook_outbox (id, tx, change_id)
            VALUES (1, \(bind: try end?.decode(column: "tx", as: Int64.self) ?? 0),
                \(bind: try end?.decode(column: "id", as: Int64.self) ?? 0))
            """
        ).run()
        try await movePendingNotifications(db)
        try await db.raw("DROP TABLE notifications").run()
    }

    private func movePendingNotifications(_ db: any SQLDatabase) async throws {
        let pending = try await db.raw(
            """
            SELECT n.event, n.text, n.attempts, n.next_attempt_at, n.created_at, w.id AS webhook_id
            FROM notifications n JOIN webhooks w ON w.project_id = n.project_id AND w.is_active
            WHERE n.status = 'pending' ORDER BY n.id
            """
        ).all()
        for row in pending {
            let event = try row.decode(column: "event", as: String.self)
            let payload = WireJSON.text(["event": event, "text": try row.decode(column: "text", as: String.self)])
            let created = try row.decode(column: "created_at", as: Int64.self)
            try await db.raw(
                """
                INSERT INTO webhook_deliveries (uuid, webhook_id, kind, payload, status, attempts, next_attempt_at,
                    created_at, updated_at)
                VALUES (\(bind: UUID().uuidString.lowercased()), \(bind: try row.decode(column: "webhook_id", as: Int64.self)),
                    \(bind: event), \(bind: payload), 'pending', \(bind: try row.decode(column: "attempts", as: Int.self)),
                    \(bind: try row.decode(column: "next_attempt_at", as: Int64?.self) ?? created), \(bind: created),
                    \(bind: created))
                """
            ).run()
        }
    }
}
