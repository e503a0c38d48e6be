import Hummingbird

/// Errors that escape every route group (a path no route matches, a method not allowed) are
/// answered in the dialect their path suggests, never as a bare 500.
struct FallbackErrorMiddleware: RouterMiddleware {
    typealias Context = PomoRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            return DialectErrorMiddleware.response(
                for: error, dialect: Dialect.guess(path: request.uri.path), context: context)
        }
    }
}
