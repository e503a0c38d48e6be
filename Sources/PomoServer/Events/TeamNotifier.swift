import Foundation
import Logging
import PomoCore
import ServiceLifecycle

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Tells a team when a member plans, finishes or cancels a session on a team project: stores
/// the notification after the session's commit, then posts `{"text": ...}` to the project's
/// Slack-compatible webhook in the background. A failed delivery is retried with back-off and
/// never fails the request that caused it.
final class TeamNotifier: Service, Sendable {
    let store: any NotificationStore
    let clock: any PomoClock
    let logger: Logger

    init(store: any NotificationStore, clock: any PomoClock, logger: Logger) {
        self.store = store
        self.clock = clock
        self.logger = logger
    }

    func sessionEvent(_ event: String, text: String, project: Project?, user: User) async {
        guard let project, let team = project.teamId else { return }
        do {
            let due = try await store.enqueue(
                projectId: project.id, teamId: team, userId: user.id, event: event, text: text, at: clock.now())
            if due { Task { await self.deliverDue() } }
        } catch {
            logger.error("team notification not stored: \(String(reflecting: error))")
        }
    }

    /// Retries what is due every few seconds until shutdown.
    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await deliverDue()
            // Shutdown does not wait out the pause.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(5)) }
        }
    }

    func deliverDue() async {
        let due: [TeamNotification]
        do {
            due = try await store.claimDue(limit: 50, at: clock.now(), lease: 60)
        } catch {
            logger.error("team notifications not read: \(String(reflecting: error))")
            return
        }
        for notification in due { await deliver(notification) }
    }

    private func deliver(_ notification: TeamNotification) async {
        do {
            guard let url = URL(string: notification.url) else { throw DeliveryError(message: "bad URL") }
            var request = URLRequest(url: url, timeoutInterval: 5)
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONEncoder().encode(["text": notification.text, "event": notification.event])
            let (_, response) = try await URLSession.shared.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            guard (200..<300).contains(status) else { throw DeliveryError(message: "webhook answered \(status)") }
            try await store.markDelivered(id: notification.id, at: clock.now())
        } catch {
            let now = clock.now()
            let retry = NotificationRetry.next(afterAttempt: notification.attempts + 1, at: now)
            let reason = Self.describe(error, url: notification.url)
            logger.warning("team notification \(notification.id) not delivered: \(reason)")
            try? await store.markFailed(id: notification.id, error: reason, retryAt: retry, at: now)
        }
    }

    /// A failed delivery as logged and stored: the host only, since Slack-style webhook URLs
    /// carry their secret in the path (and URLSession's errors quote the whole URL).
    static func describe(_ error: any Error, url: String) -> String {
        let host = URL(string: url)?.host ?? "an unparsable URL"
        if let error = error as? URLError { return "\(host): URL error \(error.code.rawValue)" }
        if let error = error as? DeliveryError { return "\(host): \(error.message)" }
        return "\(host): \(type(of: error))"
    }

    struct DeliveryError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
