import Foundation
import PomoCore

/// A webhook of `/api/v1/webhooks`; `secret` only in the answer that made it (create, rotate).
public struct WebhookDTO: Codable, Sendable {
    public var id: String
    public var url: String
    public var events: [String]
    public var active: Bool
    public var disabledReason: String?
    public var secret: String?
    public var createdAt: String
    public var updatedAt: String

    public init(_ webhook: Webhook, secret: String? = nil) {
        id = webhook.uuid
        url = webhook.url
        events = webhook.events
        active = webhook.isActive
        disabledReason = webhook.disabledReason
        self.secret = secret
        createdAt = Timestamp.format(webhook.createdAt)
        updatedAt = Timestamp.format(webhook.updatedAt)
    }

    enum CodingKeys: String, CodingKey {
        case id, url, events, active, secret
        case disabledReason = "disabled_reason"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(url, forKey: .url)
        try c.encode(events, forKey: .events)
        try c.encode(active, forKey: .active)
        try c.encode(disabledReason, forKey: .disabledReason)
        try c.encodeIfPresent(secret, forKey: .secret)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }
}

/// One delivery of a webhook, as `GET /api/v1/webhooks/{id}/deliveries` lists it.
public struct WebhookDeliveryDTO: Codable, Sendable {
    public var id: String
    public var event: String
    public var status: String
    public var attempts: Int
    public var responseCode: Int?
    public var error: String?
    public var nextAttemptAt: String?
    public var createdAt: String
    public var updatedAt: String
    public var redeliveryOf: String?
    /// The body as posted.
    public var payload: JSONValue?

    public init(_ delivery: WebhookDelivery) {
        id = delivery.uuid
        event = delivery.kind
        status = delivery.status.rawValue
        attempts = delivery.attempts
        responseCode = delivery.responseCode
        error = delivery.lastError
        nextAttemptAt = delivery.nextAttemptAt.map(Timestamp.format)
        createdAt = Timestamp.format(delivery.createdAt)
        updatedAt = Timestamp.format(delivery.updatedAt)
        redeliveryOf = delivery.redeliveryOf
        payload = JSONReader.read(delivery.payload)
    }

    enum CodingKeys: String, CodingKey {
        case id, event, status, attempts, error, payload
        case responseCode = "response_code"
        case nextAttemptAt = "next_attempt_at"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case redeliveryOf = "redelivery_of"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(event, forKey: .event)
        try c.encode(status, forKey: .status)
        try c.encode(attempts, forKey: .attempts)
        try c.encode(responseCode, forKey: .responseCode)
        try c.encode(error, forKey: .error)
        try c.encode(nextAttemptAt, forKey: .nextAttemptAt)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(redeliveryOf, forKey: .redeliveryOf)
        try c.encode(payload, forKey: .payload)
    }
}
