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
    }
}
