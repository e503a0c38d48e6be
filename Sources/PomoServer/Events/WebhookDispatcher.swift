import Crypto
import Foundation
import Logging
import PomoCore
import PomoWire
import ServiceLifecycle

/// Delivers webhooks from the change log, which is their outbox: each round takes the changes
/// committed since the shared outbox cursor and writes a delivery for every webhook that wants
/// one (a user's signed webhook, or a team project's Slack-compatible one), moving the cursor in
/// the same transaction and only from where it was read, so that with several instances a change
/// is taken once. Then it sends what is due, each delivery claimed (`FOR UPDATE SKIP LOCKED` on
/// PostgreSQL) so that one instance sends it, and retries failures with back-off across restarts.
final class WebhookDispatcher: Service, Sendable {
    let store: any WebhookStore
    let feed: any ChangeFeedStore
    let sender: WebhookSender
    let clock: any PomoClock
    let logger: Logger
    private let wakes: AsyncStream<Void>
    private let waker: AsyncStream<Void>.Continuation

    static let page = 200
    static let batch = 20

    init(
        store: any WebhookStore, feed: any ChangeFeedStore, sender: WebhookSender, clock: any PomoClock,
        logger: Logger
    ) {
        self.store = store
        self.feed = feed
        self.sender = sender
        self.clock = clock
        self.logger = logger
        (wakes, waker) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Changes were committed (the change hub calls it after each round that read some).
    func wake() { waker.yield() }

    func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask {
                // Retries fall due with time, not with commits.
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    self.waker.yield()
                }
            }
            await cancelWhenGracefulShutdown {
                for await _ in self.wakes { await self.round() }
            }
            waker.finish()
            group.cancelAll()
        }
    }

    func round() async {
        do {
            try await takeChanges()
        } catch {
            logger.warning("webhooks: changes not taken: \(String(reflecting: error))")
        }
        await deliverDue()
    }

    /// Writes the deliveries of the changes committed since the outbox cursor.
    func takeChanges() async throws {
        for _ in 0..<10 {
            let from = try await store.outboxCursor()
            // Read before asking whether anyone listens: a webhook created after this point
            // wants none of the changes up to it.
            let end = try await feed.end()
            guard try await store.anyActive() else {
                if end > from { _ = try await store.take([], from: from, to: end, at: clock.now()) }
                return
            }
            let changes = try await feed.changes(after: from, limit: Self.page)
            guard let last = changes.last else { return }
            let deliveries = try await deliveries(of: changes)
            // False: another instance took these changes first.
            guard try await store.take(deliveries, from: from, to: last.cursor, at: clock.now()),
                changes.count == Self.page
            else { return }
        }
    }

    private func deliveries(of changes: [Change]) async throws -> [NewDelivery] {
        let hooks = Dictionary(
            grouping: try await store.activeWebhooks(userIds: Set(changes.map(\.userId))), by: \.userId)
        let teams = try await store.teamHooks(
            sessionUUIDs: Set(changes.filter { $0.entityType == "session" }.map(\.entityId)))
        var deliveries: [NewDelivery] = []
        for change in changes {
            let body = ChangeDTO(change).jsonText()
            for hook in hooks[change.userId] ?? [] where hook.wants(change.kind) && change.at >= hook.createdAt {
                deliveries.append(
                    NewDelivery(webhookId: hook.id, changeId: change.cursor.id, kind: change.kind, payload: body))
            }
            if let target = teams[change.entityId],
                let message = TeamNotificationText.message(kind: change.kind, target)
            {
                deliveries.append(
                    NewDelivery(
                        webhookId: target.webhookId, changeId: change.cursor.id, kind: message.event,
                        payload: WireJSON.text(["event": message.event, "text": message.text])))
            }
        }
        return deliveries
    }

    /// Sends what is due, `batch` at a time, until nothing more is due (at most five batches a
    /// round).
    func deliverDue() async {
        for _ in 0..<5 {
            let due: [DueDelivery]
            do {
                due = try await store.claimDue(limit: Self.batch, at: clock.now(), lease: 60)
            } catch {
                logger.warning("webhooks: deliveries not read: \(String(reflecting: error))")
                return
            }
            // One webhook's deliveries go one after another, in the order of their changes (a
            // light told "started" then "completed" ends off); different webhooks' at once.
            await withDiscardingTaskGroup { group in
                for (_, deliveries) in Dictionary(grouping: due, by: \.delivery.webhookId) {
                    group.addTask {
                        for delivery in deliveries.sorted(by: { $0.delivery.id < $1.delivery.id }) {
                            await self.deliver(delivery)
                        }
                    }
                }
            }
            if due.count < Self.batch { return }
        }
    }

    private func deliver(_ due: DueDelivery) async {
        let delivery = due.delivery
        var code: Int?
        let reason: String
        do {
            guard let url = URL(string: due.url) else { throw WebhookSender.Refused(description: "an unparsable URL") }
            let answer = try await sender.post(
                url: url, headers: Self.headers(delivery, secret: due.secret, at: Date()), body: delivery.payload)
            if answer.succeeded {
                try await store.markDelivered(delivery, code: answer.code, at: clock.now())
                return
            }
            code = answer.code
            reason = "\(url.host ?? "?") answered \(answer.code)"
        } catch {
            reason = WebhookSender.describe(error)
        }
        let now = clock.now()
        let attempts = delivery.attempts + 1
        let retry = WebhookRules.nextAttempt(afterAttempt: attempts, at: now)
        // A team project's webhook is never disabled: its notifications are given up one by one.
        let disable: String? =
            due.isTeamProject
            ? nil
            : retry == nil
                ? "Disabled: a delivery failed \(attempts) times; the last: \(reason)"
                : due.failures + 1 >= WebhookRules.maxFailuresInARow
                    ? "Disabled: \(due.failures + 1) attempts failed in a row; the last: \(reason)" : nil
        logger.warning("webhook delivery \(delivery.uuid) failed (attempt \(attempts)): \(reason)")
        do {
            try await store.markFailed(delivery, code: code, error: reason, retryAt: retry, disable: disable, at: now)
        } catch {
            logger.error("webhook delivery \(delivery.uuid) not recorded: \(String(reflecting: error))")
        }
    }

    /// `Pomo-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed by the secret>`,
    /// with the delivery's id and the event's kind.
    static func headers(_ delivery: WebhookDelivery, secret: String, at now: Date) -> [(String, String)] {
        let timestamp = Int(now.timeIntervalSince1970)
        return [
            ("Pomo-Delivery", delivery.uuid), ("Pomo-Event", delivery.kind),
            (
                "Pomo-Signature",
                "t=\(timestamp),v1=\(signature(delivery.payload, secret: secret, timestamp: timestamp))"
            ),
        ]
    }

    static func signature(_ body: String, secret: String, timestamp: Int) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("\(timestamp).\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return Hex.string(mac)
    }
}
