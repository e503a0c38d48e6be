import Hummingbird
import PomoCore

/// Refuses a URL that carries a NUL (`%00`) anywhere: ids and query values go to the database,
/// and PostgreSQL cannot store or compare text with NUL in it.
struct NULGuardMiddleware: RouterMiddleware {
    typealias Context = PomoRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        if request.uri.string.contains("%00") {
            throw AppError.badRequest("NUL characters (%00) are not allowed in URLs")
        }
        return try await next(request, context)
    }
}
