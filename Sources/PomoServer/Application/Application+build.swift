import Foundation
import Hummingbird
import Logging
import PomoCore
import PomoStore

/// Builds the whole server over an open, migrated database. `pomod serve` and the tests share it.
public func buildApplication(
    config: PomoConfig, database: PomoDatabase, clock: any PomoClock = SystemClock(), logger: Logger
) async throws -> some ApplicationProtocol {
    let services = try await AppServices.make(config: config, database: database, clock: clock, logger: logger)
    return Application(
        router: buildRouter(services),
        // A client that sends its request a byte at a time is dropped once it has been quiet this long.
        server: .http1(configuration: .init(idleTimeout: .seconds(Int64(config.idleTimeout)))),
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: "pomod"),
        services: [
            services.dispatcher, services.hub,
            Housekeeper(
                housekeeping: SQLHousekeeping(database: database), clock: clock, logger: logger,
                changeRetention: config.changeRetentionDays > 0
                    ? TimeInterval(config.changeRetentionDays) * 86_400 : nil),
        ], logger: logger)
}

func buildRouter(_ services: AppServices) -> Router<PomoRequestContext> {
    let router = Router(context: PomoRequestContext.self)
    router.add(middleware: RequestLogMiddleware(metrics: services.metrics))
    router.add(middleware: FallbackErrorMiddleware())
    router.add(middleware: HostGuardMiddleware(config: services.config))
    router.add(middleware: NULGuardMiddleware())
    router.add(middleware: BodyDeadlineMiddleware(timeout: .seconds(services.config.idleTimeout)))
    Routes.register(on: router, services: services)
    return router
}
