import Foundation

/// A user's signed webhooks: created with a URL and the kinds of change it wants, its secret
/// shown once; every URL passes the address rule when it is stored (and again before each
/// delivery, by the deliverer).
public struct WebhookService: Sendable {
    public let store: any WebhookStore
    public let vetter: any WebhookAddressVetter
    public let clock: any PomoClock

    public init(store: any WebhookStore, vetter: any WebhookAddressVetter, clock: any PomoClock) {
        self.store = store
        self.vetter = vetter
        self.clock = clock
    }

    /// The new webhook and its secret, which is never shown again.
    public func create(url: String, events: [String], active: Bool?, by user: User) async throws -> (Webhook, String) {
        let url = try await check(url)
        let events = try WebhookRules.checkEvents(events)
        guard try await store.count(userId: user.id) < WebhookRules.maxPerUser else {
            throw AppError(.unprocessable, "At most \(WebhookRules.maxPerUser) webhooks per user", field: "url")
        }
        let secret = WebhookRules.newSecret()
        let webhook = try await store.create(
            userId: user.id, url: url, events: events, active: active ?? true, secret: secret, at: clock.now())
        return (webhook, secret)
    }

    public func list(by user: User) async throws -> [Webhook] { try await store.list(userId: user.id) }

    public func webhook(_ uuid: String, by user: User) async throws -> Webhook {
        guard let webhook = try await store.find(uuid: uuid, userId: user.id) else {
            throw AppError.notFound("Webhook not found")
        }
        return webhook
    }

    /// Changes what is given; `rotateSecret` makes a new secret and returns it. Enabling a
    /// disabled webhook clears its reason and its count of failures.
    public func update(
        _ uuid: String, url: String?, events: [String]?, active: Bool?, rotateSecret: Bool, by user: User
    ) async throws -> (Webhook, String?) {
        var webhook = try await webhook(uuid, by: user)
        if let url { webhook.url = try await check(url) }
        if let events { webhook.events = try WebhookRules.checkEvents(events) }
        if let active { webhook.isActive = active }
        webhook = try await store.update(webhook, at: clock.now())
        guard rotateSecret else { return (webhook, nil) }
        let secret = WebhookRules.newSecret()
        try await store.rotateSecret(webhookId: webhook.id, secret: secret, at: clock.now())
        return (webhook, secret)
    }

    public func delete(_ uuid: String, by user: User) async throws {
        try await store.delete(webhookId: try await webhook(uuid, by: user).id)
    }

    public func deliveries(of uuid: String, before: Int64?, limit: Int, by user: User) async throws
        -> [WebhookDelivery]
    {
        try await store.deliveries(webhookId: try await webhook(uuid, by: user).id, before: before, limit: limit)
    }

    /// Sends a delivery's body again, as a new delivery due now.
    public func redeliver(_ deliveryUUID: String, of uuid: String, by user: User) async throws -> WebhookDelivery {
        let webhook = try await webhook(uuid, by: user)
        guard let delivery = try await store.delivery(uuid: deliveryUUID, webhookId: webhook.id) else {
            throw AppError.notFound("Delivery not found")
        }
        return try await store.redeliver(delivery, at: clock.now())
    }

    /// The URL as stored, once it is well formed and its host resolves only to allowed addresses.
    func check(_ text: String) async throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        _ = try await vetter.check(trimmed, field: "url", refusedAs: .unprocessable)
        return trimmed
    }
}
