import Foundation
import Logging
import PomoCore
import PomoStore
import ServiceLifecycle

/// Purges expired rows (`SQLHousekeeping`) at start and then every `interval`, until shutdown.
/// Every instance may run it: the deletes are idempotent.
struct Housekeeper: Service {
    let housekeeping: SQLHousekeeping
    let clock: any PomoClock
    let logger: Logger
    /// How long the change log keeps a change; nil keeps every one.
    var changeRetention: TimeInterval?
    var interval: Duration = .seconds(3600)

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await purge()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    func purge() async {
        do {
            let purged = try await housekeeping.purge(at: clock.now())
            if purged.total > 0 {
                logger.info(
                    "purged expired rows",
                    metadata: [
                        "rate_limits": "\(purged.rateLimits)", "refresh_tokens": "\(purged.refreshTokens)",
                        "revoked_tokens": "\(purged.revokedTokens)", "web_sessions": "\(purged.webSessions)",
                        "webhook_deliveries": "\(purged.webhookDeliveries)",
                    ])
            }
        } catch {
            logger.error("expired rows not purged: \(String(reflecting: error))")
        }
        guard let changeRetention else { return }
        do {
            let pruned = try await housekeeping.pruneChanges(before: clock.now().addingTimeInterval(-changeRetention))
            if pruned > 0 { logger.info("pruned the change log", metadata: ["changes": "\(pruned)"]) }
        } catch {
            logger.error("change log not pruned: \(String(reflecting: error))")
        }
    }
}
