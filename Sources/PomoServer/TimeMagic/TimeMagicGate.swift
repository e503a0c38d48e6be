import Hummingbird
import PomoCore

/// Time Magic's rules before any handler, in the reference's order: a caller (401), the rate
/// limit (429), then a subscription for GETs (402). The limit counts requests authenticated by a
/// token or API key; the web app's cookie has a generous window of its own
/// (`POMO_COOKIE_RATE_LIMIT`), so the app is unaffected and a script logging in with the cookie
/// gains little. Every answer, error or not, is in Time Magic's shape (MCP's: JSON-RPC errors
/// with Time Magic's words, `Dialect.mcp`) and carries the `RateLimit-*` fields.
struct TimeMagicGate: RouterMiddleware {
    typealias Context = PomoRequestContext
    let services: AppServices
    var dialect = Dialect.timeMagic

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        await Self.respond(request, context: context, services: services, dialect: dialect, next)
    }

    static func respond(
        _ request: Request, context: Context, services: AppServices, dialect: Dialect = .timeMagic,
        _ handler: (Request, Context) async throws -> Response
    ) async -> Response {
        var decision: RateLimitDecision?
        var response: Response
        do {
            let principal = try context.requireUser()
            do {
                let checked =
                    principal.method.kind == .cookie
                    ? try await services.cookieRateLimiter.check("timemagic-cookie:\(principal.user.id)")
                    : try await services.rateLimiter.check("timemagic:\(principal.user.id)")
                decision = checked
                guard checked.allowed else {
                    throw AppError(
                        .tooManyRequests(retryAfterSeconds: checked.resetSeconds),
                        "Rate limit exceeded. Try again later.")
                }
            }
            if [.get, .head].contains(request.method), !principal.user.hasActiveSubscription(at: services.clock.now()) {
                throw AppError(.paymentRequired, "Subscription required for GET requests.")
            }
            response = try await handler(request, context)
        } catch {
            response = DialectErrorMiddleware.response(for: error, dialect: dialect, context: context)
        }
        if let decision {
            response.headers[.rateLimitLimit] = String(decision.limit)
            response.headers[.rateLimitRemaining] = String(decision.remaining)
            response.headers[.rateLimitReset] = String(decision.resetSeconds)
        }
        return response
    }
}
