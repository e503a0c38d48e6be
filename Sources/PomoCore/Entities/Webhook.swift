import Foundation

/// A user's signed webhook (`/api/v1/webhooks`): where Pomo posts the user's changes of the kinds
/// it asked for, each delivery signed with its secret.
public struct Webhook: Sendable, Equatable {
    public var id: Int64
    public var uuid: String
    public var userId: Int64
    public var url: String
    /// Change kinds (`session.completed`), a type's every kind (`session.*`) or everything (`*`).
    public var events: [String]
    public var isActive: Bool
    /// Why Pomo stopped delivering to it, when it did (a URL that kept failing).
    public var disabledReason: String?
    /// Failed attempts since the last delivery that went through.
    public var failures: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, uuid: String, userId: Int64, url: String, events: [String], isActive: Bool,
        disabledReason: String?, failures: Int, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.uuid = uuid
        self.userId = userId
        self.url = url
        self.events = events
        self.isActive = isActive
        self.disabledReason = disabledReason
        self.failures = failures
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public func wants(_ kind: String) -> Bool { WebhookRules.matches(events, kind: kind) }
}

/// One POST of one change to one webhook (a user's or a team project's), as the outbox keeps it:
/// written when the change is taken from the log, sent and retried from here.
public struct WebhookDelivery: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        /// Not sent yet, or failed and due again at `nextAttemptAt`.
        case pending
        case delivered
        /// Given up: every retry failed, or the address was refused.
        case failed
    }

    public var id: Int64
    public var uuid: String
    public var webhookId: Int64
    public var kind: String
    /// The body, exactly as posted (a redelivery posts it again).
    public var payload: String
    public var status: Status
    public var attempts: Int
    public var responseCode: Int?
    public var lastError: String?
    public var nextAttemptAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
    /// The delivery this one repeats, for a redelivery.
    public var redeliveryOf: String?

    public init(
        id: Int64, uuid: String, webhookId: Int64, kind: String, payload: String, status: Status, attempts: Int,
        responseCode: Int?, lastError: String?, nextAttemptAt: Date?, createdAt: Date, updatedAt: Date,
        redeliveryOf: String?
    ) {
        self.id = id
        self.uuid = uuid
        self.webhookId = webhookId
        self.kind = kind
        self.payload = payload
        self.status = status
        self.attempts = attempts
        self.responseCode = responseCode
        self.lastError = lastError
        self.nextAttemptAt = nextAttemptAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.redeliveryOf = redeliveryOf
    }
}

/// A delivery due now, with what sending it needs.
public struct DueDelivery: Sendable, Equatable {
    public var delivery: WebhookDelivery
    public var url: String
    public var secret: String
    /// Whose webhook it is: a team project's Slack-compatible one, or a user's signed one.
    public var isTeamProject: Bool
    /// The webhook's failed attempts in a row before this one.
    public var failures: Int

    public init(delivery: WebhookDelivery, url: String, secret: String, isTeamProject: Bool, failures: Int) {
        self.delivery = delivery
        self.url = url
        self.secret = secret
        self.isTeamProject = isTeamProject
        self.failures = failures
    }
}

/// A delivery to write: a change taken from the log for one webhook.
public struct NewDelivery: Sendable, Equatable {
    public var webhookId: Int64
    public var changeId: Int64
    public var kind: String
    public var payload: String

    public init(webhookId: Int64, changeId: Int64, kind: String, payload: String) {
        self.webhookId = webhookId
        self.changeId = changeId
        self.kind = kind
        self.payload = payload
    }
}
