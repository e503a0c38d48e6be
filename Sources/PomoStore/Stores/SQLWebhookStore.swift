import Foundation
import PomoCore
import SQLKit

/// Users' webhooks (the rows of `webhooks` without a project; a team project's webhook is a row
/// with one) and the outbox every webhook is delivered from.
public struct SQLWebhookStore: WebhookStore {
    let database: PomoDatabase

    public init(database: PomoDatabase) { self.database = database }

    private static let columns: SQLQueryString =
        "id, uuid, user_id, url, events, is_active, disabled_reason, failures, created_at, updated_at"

    public func create(userId: Int64, url: String, events: [String], active: Bool, secret: String, at now: Date)
        async throws -> Webhook
    {
        try await database.write { db in
            try await db.raw(
                """
                INSERT INTO webhooks (uuid, user_id, url, secret, events, is_active, failures, created_at, updated_at)
                VALUES (\(bind: UUID().uuidString.lowercased()), \(bind: userId), \(bind: url), \(bind: secret),
                    \(bind: events.joined(separator: ",")), \(bind: active), 0, \(bind: ms(now)), \(bind: ms(now)))
                RETURNING
                """ + " " + Self.columns
            ).first().map(Webhook.init(row:))!
        }
    }

    public func list(userId: Int64) async throws -> [Webhook] {
        try await database.read { db in
            try await db.raw(
                "SELECT " + Self.columns
                    + " FROM webhooks WHERE user_id = \(bind: userId) AND project_id IS NULL ORDER BY id"
            ).all().map(Webhook.init(row:))
        }
    }

    public func find(uuid: String, userId: Int64) async throws -> Webhook? {
        try await database.read { db in
            try await db.raw(
                "SELECT " + Self.columns
                    + " FROM webhooks WHERE uuid = \(bind: uuid) AND user_id = \(bind: userId) AND project_id IS NULL"
            ).first().map(Webhook.init(row:))
        }
    }

    public func count(userId: Int64) async throws -> Int {
        try await database.read { db in
            try await db.raw(
                "SELECT COUNT(*) AS n FROM webhooks WHERE user_id = \(bind: userId) AND project_id IS NULL"
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    public func update(_ webhook: Webhook, at now: Date) async throws -> Webhook {
        try await database.write { db in
            // Enabled again: its past failures are forgiven.
            try await db.raw(
                """
                UPDATE webhooks SET url = \(bind: webhook.url), events = \(bind: webhook.events.joined(separator: ",")),
                    disabled_reason = CASE WHEN \(bind: webhook.isActive) THEN NULL ELSE disabled_reason END,
                    failures = CASE WHEN \(bind: webhook.isActive) AND NOT is_active THEN 0 ELSE failures END,
                    is_active = \(bind: webhook.isActive), updated_at = \(bind: ms(now))
                WHERE id = \(bind: webhook.id)
                RETURNING
                """ + " " + Self.columns
            ).first().map(Webhook.init(row:))!
        }
    }

    public func rotateSecret(webhookId: Int64, secret: String, at now: Date) async throws {
        try await database.write { db in
            try await db.raw(
                "UPDATE webhooks SET secret = \(bind: secret), updated_at = \(bind: ms(now)) WHERE id = \(bind: webhookId)"
            ).run()
        }
    }

    public func delete(webhookId: Int64) async throws {
        try await database.write { db in
            // Its deliveries go with it.
            try await db.raw("DELETE FROM webhook_deliveries WHERE webhook_id = \(bind: webhookId)").run()
            try await db.raw("DELETE FROM webhooks WHERE id = \(bind: webhookId)").run()
        }
    }

    // MARK: - deliveries

    private static let deliveryFields = [
        "id", "uuid", "webhook_id", "kind", "payload", "status", "attempts", "response_code", "last_error",
        "next_attempt_at", "created_at", "updated_at", "redelivery_of",
    ]
    /// As a delivery is read from `webhook_deliveries d`, and as an insert returns it.
    private static let deliveryColumns = SQLQueryString(deliveryFields.map { "d." + $0 }.joined(separator: ", "))
    private static let returnedDelivery = SQLQueryString(deliveryFields.joined(separator: ", "))

    public func deliveries(webhookId: Int64, before: Int64?, limit: Int) async throws -> [WebhookDelivery] {
        try await database.read { db in
            let page: SQLQueryString = before.map { " AND d.id < \(bind: $0)" } ?? ""
            return try await db.raw(
                "SELECT " + Self.deliveryColumns + " FROM webhook_deliveries d WHERE d.webhook_id = \(bind: webhookId)"
                    + page + " ORDER BY d.id DESC LIMIT \(bind: limit)"
            ).all().map(WebhookDelivery.init(row:))
        }
    }

    public func delivery(uuid: String, webhookId: Int64) async throws -> WebhookDelivery? {
        try await database.read { db in
            try await db.raw(
                "SELECT " + Self.deliveryColumns
                    + " FROM webhook_deliveries d WHERE d.uuid = \(bind: uuid) AND d.webhook_id = \(bind: webhookId)"
            ).first().map(WebhookDelivery.init(row:))
        }
    }

    public func redeliver(_ delivery: WebhookDelivery, at now: Date) async throws -> WebhookDelivery {
        try await database.write { db in
            try await db.raw(
                """
                INSERT INTO webhook_deliveries (uuid, webhook_id, redelivery_of, kind, payload, status, attempts,
                    next_attempt_at, created_at, updated_at)
                VALUES (\(bind: UUID().uuidString.lowercased()), \(bind: delivery.webhookId), \(bind: delivery.uuid),
                    \(bind: delivery.kind), \(bind: delivery.payload), 'pending', 0, \(bind: ms(now)), \(bind: ms(now)),
                    \(bind: ms(now)))
                RETURNING
                """ + " " + Self.returnedDelivery
            ).first().map(WebhookDelivery.init(row:))!
        }
    }

    // MARK: - the outbox

    public func outboxCursor() async throws -> ChangeCursor {
        try await database.read { db in try await Self.cursor(db) }
    }

    private static func cursor(_ db: any SQLDatabase) async throws -> ChangeCursor {
        guard let row = try await db.raw("SELECT tx, change_id FROM webhook_outbox WHERE id = 1").first() else {
            return .start
        }
        return ChangeCursor(
            transaction: try row.decode(column: "tx", as: Int64.self),
            id: try row.decode(column: "change_id", as: Int64.self))
    }

    public func anyActive() async throws -> Bool {
        try await database.read { db in
            try await db.raw("SELECT 1 AS one FROM webhooks WHERE is_active = \(bind: true) LIMIT 1").first() != nil
        }
    }

    public func activeWebhooks(userIds: Set<Int64>) async throws -> [Webhook] {
        guard !userIds.isEmpty else { return [] }
        return try await database.read { db in
            try await db.raw(
                "SELECT " + Self.columns
                    + """
                     FROM webhooks WHERE user_id IN (\(binds: userIds.sorted())) AND project_id IS NULL
                    AND is_active = \(bind: true) ORDER BY id
                    """
            ).all().map(Webhook.init(row:))
        }
    }

    public func teamHooks(sessionUUIDs: Set<String>) async throws -> [String: TeamHookTarget] {
        guard !sessionUUIDs.isEmpty else { return [:] }
        return try await database.read { db in
            // The project's newest active webhook: setting a new URL deactivates the old one.
            let rows = try await db.raw(
                """
                SELECT fs.*, t.uuid AS task_uuid, u.username, p.name AS project_name,
                    (SELECT MAX(w.id) FROM webhooks w WHERE w.project_id = fs.project_id AND w.is_active = \(bind: true))
                        AS webhook_id
                FROM focus_sessions fs JOIN projects p ON p.id = fs.project_id AND p.team_id IS NOT NULL
                JOIN users u ON u.id = fs.user_id LEFT JOIN tasks t ON t.id = fs.task_id
                WHERE fs.uuid IN (\(binds: sessionUUIDs.sorted()))
                """
            ).all()
            var targets: [String: TeamHookTarget] = [:]
            for row in rows {
                guard let webhookId = try row.decode(column: "webhook_id", as: Int64?.self) else { continue }
                let session = try FocusSession(row: row)
                targets[session.uuid] = TeamHookTarget(
                    webhookId: webhookId, username: try row.decode(column: "username", as: String.self),
                    projectName: try row.decode(column: "project_name", as: String.self), session: session)
            }
            return targets
        }
    }

    public func take(_ deliveries: [NewDelivery], from: ChangeCursor, to: ChangeCursor, at now: Date) async throws
        -> Bool
    {
        try await database.write { db in
            let moved = try await db.raw(
                """
                UPDATE webhook_outbox SET tx = \(bind: to.transaction), change_id = \(bind: to.id)
                WHERE id = 1 AND tx = \(bind: from.transaction) AND change_id = \(bind: from.id)
                RETURNING id
                """
            ).first()
            // Another instance took these changes first.
            guard moved != nil else { return false }
            for delivery in deliveries {
                try await db.raw(
                    """
                    INSERT INTO webhook_deliveries (uuid, webhook_id, change_id, kind, payload, status, attempts,
                        next_attempt_at, created_at, updated_at)
                    VALUES (\(bind: UUID().uuidString.lowercased()), \(bind: delivery.webhookId), \(bind: delivery.changeId),
                        \(bind: delivery.kind), \(bind: delivery.payload), 'pending', 0, \(bind: ms(now)), \(bind: ms(now)),
                        \(bind: ms(now)))
                    """
                ).run()
            }
            return true
        }
    }

    public func claimDue(limit: Int, at now: Date, lease: TimeInterval) async throws -> [DueDelivery] {
        try await database.write { db in
            let skipLocked: SQLQueryString = SQLFlavor(db).isPostgres ? " FOR UPDATE OF d SKIP LOCKED" : ""
            let due = try await db.raw(
                "SELECT " + Self.deliveryColumns
                    + """
                    , w.url, w.secret, w.project_id, w.failures FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
                    WHERE d.status = 'pending' AND d.next_attempt_at <= \(bind: ms(now)) AND w.is_active = \(bind: true)
                    ORDER BY d.next_attempt_at, d.id LIMIT \(bind: limit)
                    """ + skipLocked
            ).all().map { row in
                DueDelivery(
                    delivery: try WebhookDelivery(row: row), url: try row.decode(column: "url", as: String.self),
                    secret: try row.decode(column: "secret", as: String.self),
                    isTeamProject: try row.decode(column: "project_id", as: Int64?.self) != nil,
                    failures: try row.decode(column: "failures", as: Int.self))
            }
            if !due.isEmpty {
                try await db.raw(
                    """
                    UPDATE webhook_deliveries SET next_attempt_at = \(bind: ms(now.addingTimeInterval(lease)))
                    WHERE id IN (\(binds: due.map(\.delivery.id)))
                    """
                ).run()
            }
            return due
        }
    }

    public func markDelivered(_ delivery: WebhookDelivery, code: Int, at now: Date) async throws {
        try await database.write { db in
            try await db.raw(
                """
                UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1,
                    response_code = \(bind: code), last_error = NULL, next_attempt_at = NULL, updated_at = \(bind: ms(now))
                WHERE id = \(bind: delivery.id)
                """
            ).run()
            try await db.raw("UPDATE webhooks SET failures = 0 WHERE id = \(bind: delivery.webhookId) AND failures > 0")
                .run()
        }
    }

    public func markFailed(
        _ delivery: WebhookDelivery, code: Int?, error: String, retryAt: Date?, disable: String?, at now: Date
    ) async throws {
        try await database.write { db in
            try await db.raw(
                """
                UPDATE webhook_deliveries SET status = \(bind: retryAt == nil ? "failed" : "pending"),
                    attempts = attempts + 1, response_code = \(bind: code), last_error = \(bind: String(error.prefix(500))),
                    next_attempt_at = \(bind: ms(retryAt)), updated_at = \(bind: ms(now))
                WHERE id = \(bind: delivery.id)
                """
            ).run()
            try await db.raw(
                """
                UPDATE webhooks SET failures = failures + 1,
                    is_active = CASE WHEN \(bind: disable != nil) THEN \(bind: false) ELSE is_active END,
                    disabled_reason = COALESCE(\(bind: disable.map { String($0.prefix(500)) }), disabled_reason)
                WHERE id = \(bind: delivery.webhookId)
                """
            ).run()
        }
    }
}

extension Webhook {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "id", as: Int64.self), uuid: try row.decode(column: "uuid", as: String.self),
            userId: try row.decode(column: "user_id", as: Int64.self),
            url: try row.decode(column: "url", as: String.self),
            events: try row.decode(column: "events", as: String.self).split(separator: ",").map(String.init),
            isActive: try row.decode(column: "is_active", as: Bool.self),
            disabledReason: try row.decode(column: "disabled_reason", as: String?.self),
            failures: try row.decode(column: "failures", as: Int.self), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"))
    }
}

extension WebhookDelivery {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "id", as: Int64.self), uuid: try row.decode(column: "uuid", as: String.self),
            webhookId: try row.decode(column: "webhook_id", as: Int64.self),
            kind: try row.decode(column: "kind", as: String.self),
            payload: try row.decode(column: "payload", as: String.self),
            status: Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .failed,
            attempts: try row.decode(column: "attempts", as: Int.self),
            responseCode: try row.decode(column: "response_code", as: Int?.self),
            lastError: try row.decode(column: "last_error", as: String?.self),
            nextAttemptAt: try row.optionalDate("next_attempt_at"), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"),
            redeliveryOf: try row.decode(column: "redelivery_of", as: String?.self))
    }
}
