import Foundation
import Hummingbird
import Logging
import PomoCore
import PomoStore

/// Everything a route needs, built once at start and shared by every request.
struct AppServices: Sendable {
    let config: PomoConfig
    let clock: any PomoClock
    let database: PomoDatabase
    /// For the services below; routes call those, not the stores.
    private let stores: Stores
    let accounts: AccountService
    let tokens: TokenService
    let focus: FocusService
    let dailyTasks: DailyTaskService
    let game: GameService
    let sessions: SessionsService
    let leaderboard: LeaderboardService
    let teams: TeamService
    let workspace: WorkspaceService
    let rateLimiter: RateLimiter
    let cookieRateLimiter: RateLimiter
    let loginThrottle: LoginThrottle
    let reports: any ReportStore
    let presence: any PresenceStore
    let projectStats: any ProjectStatsStore
    let stats: any FocusStatsStore
    let changes: any ChangeFeedStore
    let hub: ChangeHub
    let webhooks: WebhookService
    let exports: ExportService
    let imports: ImportService
    let calendar: CalendarService
    let dispatcher: WebhookDispatcher
    let metrics: HTTPMetrics

    static func make(config: PomoConfig, database: PomoDatabase, clock: any PomoClock, logger: Logger) async throws
        -> AppServices
    {
        let stores = Stores.sql(database, quotas: config.quotas)
        let counters = SQLRateLimitStore(database: database)
        let secret = try JWTSecret.load(configured: config.jwtSecret, dataDirectory: config.dataDirectory)
        let accounts = PomoRuntime.accounts(config: config, stores: stores, clock: clock)
        let changes = SQLChangeFeedStore(database: database)
        let presence = SQLPresenceStore(database: database)
        let game = GameService(sessions: stores.sessions, projects: stores.projects, clock: clock)
        let sender = WebhookSender(
            allowPrivate: config.webhookAllowPrivate, hosts: config.webhookHosts, timeout: .seconds(10))
        let webhookStore = SQLWebhookStore(database: database)
        let dispatcher = WebhookDispatcher(
            store: webhookStore, feed: changes, sender: sender, clock: clock, logger: logger)
        let hub = ChangeHub(
            database: database, feed: changes, presence: presence, clock: clock, focusingNow: game.focusingNow,
            perUser: config.eventStreamsPerUser, heartbeat: .seconds(config.eventHeartbeat),
            onChanges: dispatcher.wake, logger: logger)
        return AppServices(
            config: config, clock: clock, database: database, stores: stores, accounts: accounts,
            tokens: await TokenService.make(secret: secret, stores: stores, clock: clock, config: config),
            focus: FocusService(sessions: stores.sessions, tasks: stores.tasks, clock: clock),
            dailyTasks: DailyTaskService(tasks: stores.tasks, clock: clock),
            game: game,
            sessions: SessionsService(sessions: stores.sessions, projects: stores.projects, game: game, clock: clock),
            leaderboard: LeaderboardService(store: SQLLeaderboardStore(database: database), clock: clock),
            teams: TeamService(
                teams: SQLTeamStore(database: database), users: stores.users, vetter: sender, clock: clock),
            workspace: WorkspaceService(stores: .sql(database, quotas: config.quotas), clock: clock),
            rateLimiter: RateLimiter(
                limit: config.timeMagicRateLimit, store: counters, clock: clock),
            cookieRateLimiter: RateLimiter(limit: config.cookieRateLimit, store: counters, clock: clock),
            loginThrottle: LoginThrottle(store: counters, clock: clock, digester: SHA256Digester()),
            reports: SQLReportStore(database: database), presence: presence,
            projectStats: SQLProjectStatsStore(database: database), stats: SQLFocusStatsStore(database: database),
            changes: changes, hub: hub,
            webhooks: WebhookService(store: webhookStore, vetter: sender, clock: clock),
            exports: ExportService(store: SQLExportStore(database: database)),
            imports: ImportService(
                store: SQLImportStore(database: database), digester: SHA256Digester(), quotas: config.quotas,
                clock: clock),
            calendar: CalendarService(
                store: SQLCalendarStore(database: database), users: stores.users, digester: SHA256Digester(),
                clock: clock), dispatcher: dispatcher,
            metrics: HTTPMetrics())
    }

    /// Checks a password behind the login throttle: refused early while the address is over its
    /// limit, and every failure counted.
    func authenticate(login: String, password: String, request: Request, context: PomoRequestContext) async throws
        -> User
    {
        // No account has a longer name or email (RFC 5321's limit): refused before anything is
        // looked up or counted.
        guard login.utf8.count <= AccountRules.maxLoginLength else {
            throw AppError.validation(
                "username", "username or email is longer than \(AccountRules.maxLoginLength) bytes")
        }
        // Whatever name was used, the account counts: the username and the email are one.
        let found = try await stores.users.find(login: login)
        let account = found.map { "user:\($0.id)" } ?? "name:\(login.lowercased())"
        return try await throttled(account: account, failure: .unauthenticated, request: request, context: context) {
            try await accounts.authenticate(found, password: password)
        }
    }

    /// Runs `body` as an attempt on `account` from the request's address in the login throttle:
    /// refused early while either is over its limit; an error of kind `failure` stays counted, and
    /// anything else (a success, another refusal) gives the attempt back.
    func throttled<T>(
        account: String, failure: AppError.Kind, request: Request, context: PomoRequestContext,
        _ body: () async throws -> T
    ) async throws -> T {
        let address = context.clientAddress(
            request, trustForwardedFor: config.trustForwardedFor, trustedProxies: config.trustedProxies)
        let attempt = try await loginThrottle.begin(address: address, account: account)
        do {
            let result = try await body()
            try await loginThrottle.refund(attempt)
            return result
        } catch let error as AppError where error.kind == failure {
            throw error
        } catch {
            try await loginThrottle.refund(attempt)
            throw error
        }
    }
}
