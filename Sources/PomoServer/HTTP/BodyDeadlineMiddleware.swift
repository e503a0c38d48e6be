import Hummingbird

/// Gives every request's body reading the configured deadline (`POMO_IDLE_TIMEOUT`). The HTTP
/// server's idle timeout drops a client that dribbles its request head; this covers the body,
/// where each byte would otherwise count as activity.
struct BodyDeadlineMiddleware: RouterMiddleware {
    typealias Context = PomoRequestContext
    let timeout: Duration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        try await JSONBody.$bodyTimeout.withValue(timeout) { try await next(request, context) }
    }
}
