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
            services.notifier,
            Housekeeper(housekeeping: SQLHousekeeping(database: database), clock: clock, logger: logger),
        ], logger: logger)
}

func buildRouter(_ services: AppServices) -> Router<PomoRequestContext> {
    let router = Router(context: PomoRequestContext.self)
    router.add(middleware: RequestLogMiddleware(metrics: services.metrics))
    router.add(middleware: FallbackErrorMiddleware())
    router.add(middleware: HostGuardMiddleware(config: services.config))
    router.add(middleware: NULGuardMiddleware())
    router.add(middleware: BodyDeadlineMiddleware(timeout: .seconds(services.config.idleTimeout)))
    OperationsController(services: services).addRoutes(to: router)
    WebController(assets: .bundled).addRoutes(to: router)
    APIDocsController().addRoutes(to: router)

    let auth = AuthMiddleware(services: services)
    let timeMagicList: @Sendable (Request, PomoRequestContext) async -> Response = { request, context in
        await TimeMagicGate.respond(request, context: context, services: services) { request, context in
            try await TimeMagicProjectsController(services: services).list(request, context: context)
        }
    }
    // Each dialect is served where its doc puts it and again under its own prefix, so a
    // deployment can give each client an unambiguous base URL.
    for prefix in ["api", "game/api"] {
        let game = router.group(RouterPath(prefix))
            .add(middleware: DialectErrorMiddleware(dialect: .game)).add(middleware: auth)
        HubAuthController(services: services).addRoutes(to: game)
        GameSessionController(services: services).addRoutes(to: game)
        GameUserController(services: services).addRoutes(to: game)
        LeaderboardController(services: services).addRoutes(to: game)
        TeamsController(services: services).addRoutes(to: game)
        // `GET /api/projects` is both the Game's list and Time Magic's; the credential decides.
        GameProjectsController(services: services, timeMagicList: prefix == "api" ? timeMagicList : nil)
            .addRoutes(to: game)
        GameInsightsController(services: services).addRoutes(to: game)
    }
    for prefix in ["api/v1", "taskworks/api/v1"] {
        let taskWorks = router.group(RouterPath(prefix))
            .add(middleware: DialectErrorMiddleware(dialect: .taskWorks)).add(middleware: auth)
        TaskWorksAuthController(services: services).addRoutes(to: taskWorks)
        PomodoroController(services: services).addRoutes(to: taskWorks)
        TasksController(services: services).addRoutes(to: taskWorks)
        BlocksController(services: services).addRoutes(to: taskWorks)
        ReportsController(services: services).addRoutes(to: taskWorks)
        PresenceController(services: services).addRoutes(to: taskWorks)
    }
    for prefix in ["api", "timemagic/api"] {
        let timeMagic = router.group(RouterPath(prefix))
            .add(middleware: DialectErrorMiddleware(dialect: .timeMagic)).add(middleware: auth)
            .add(middleware: TimeMagicGate(services: services))
        TimeMagicProjectsController(services: services).addRoutes(to: timeMagic, includingList: prefix != "api")
        TimeMagicTasksController(services: services).addRoutes(to: timeMagic)
        TimeMagicActivitiesController(services: services).addRoutes(to: timeMagic)
        TimeMagicGoalsController(services: services).addRoutes(to: timeMagic)
        TimeMagicEntriesController(services: services).addRoutes(to: timeMagic)
    }
    let platform = router.group("api")
        .add(middleware: DialectErrorMiddleware(dialect: .taskWorks)).add(middleware: auth)
    WebSessionController(services: services).addRoutes(to: platform.group("auth/session"))
    AdminController(services: services).addRoutes(to: platform.group("admin"))
    AdminController(services: services).addRoutes(to: platform.group("v1/admin"))
    return router
}
