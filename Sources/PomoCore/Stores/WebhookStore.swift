import Foundation

/// Users' webhooks and the outbox of deliveries to them and to team projects' webhooks.
public protocol WebhookStore: Sendable {
    func create(userId: Int64, url: String, events: [String], active: Bool, secret: String, at now: Date) async throws
        -> Webhook
    func list(userId: Int64) async throws -> [Webhook]
    func find(uuid: String, userId: Int64) async throws -> Webhook?
    func count(userId: Int64) async throws -> Int
    /// Saves the url, events and active flag; enabling clears the disabled reason and failures.
    func update(_ webhook: Webhook, at now: Date) async throws -> Webhook
    /// Replaces the secret (a rotation): returns the new one.
    func rotateSecret(webhookId: Int64, secret: String, at now: Date) async throws
    func delete(webhookId: Int64) async throws

    /// A webhook's deliveries, newest first, before `before` (a delivery's row id) when given.
    func deliveries(webhookId: Int64, before: Int64?, limit: Int) async throws -> [WebhookDelivery]
    func delivery(uuid: String, webhookId: Int64) async throws -> WebhookDelivery?
    /// A new pending delivery of the same body, due now.
    func redeliver(_ delivery: WebhookDelivery, at now: Date) async throws -> WebhookDelivery

    // MARK: - the outbox

    /// Where the taking of changes from the log stands (shared by every instance).
    func outboxCursor() async throws -> ChangeCursor
    /// Whether any webhook, a user's or a team project's, is active.
    func anyActive() async throws -> Bool
    /// Active user webhooks of these users.
    func activeWebhooks(userIds: Set<Int64>) async throws -> [Webhook]
    /// For the given session changes: the team project webhook each session's project has.
    func teamHooks(sessionUUIDs: Set<String>) async throws -> [String: TeamHookTarget]
    /// Writes `deliveries` and moves the cursor from `from` to `to`, in one transaction, only if
    /// the cursor is still at `from` (another instance may have taken the same changes): false then.
    func take(_ deliveries: [NewDelivery], from: ChangeCursor, to: ChangeCursor, at now: Date) async throws -> Bool

    /// Up to `limit` due deliveries, each not due again for `lease` (so that no two deliverers,
    /// on one instance or several, send the same one, and a crashed one's are retried).
    func claimDue(limit: Int, at now: Date, lease: TimeInterval) async throws -> [DueDelivery]
    func markDelivered(_ delivery: WebhookDelivery, code: Int, at now: Date) async throws
    /// Records a failed attempt: due again at `retryAt`, or failed for good when nil; with
    /// `disable`, the webhook is disabled with that reason.
    func markFailed(
        _ delivery: WebhookDelivery, code: Int?, error: String, retryAt: Date?, disable: String?, at now: Date
    ) async throws
}

/// A team project's Slack-compatible webhook, and what its notification texts need of a session.
public struct TeamHookTarget: Sendable, Equatable {
    public var webhookId: Int64
    public var username: String
    public var projectName: String
    public var session: FocusSession

    public init(webhookId: Int64, username: String, projectName: String, session: FocusSession) {
        self.webhookId = webhookId
        self.username = username
        self.projectName = projectName
        self.session = session
    }
}
