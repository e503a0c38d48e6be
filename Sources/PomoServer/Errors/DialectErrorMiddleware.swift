import Hummingbird
import Logging
import PomoCore

/// Turns whatever a route group throws into its dialect's error response. Unexpected errors are
/// logged with the request id and answered without internals.
struct DialectErrorMiddleware: RouterMiddleware {
    typealias Context = PomoRequestContext
    let dialect: Dialect

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            return Self.response(for: error, dialect: dialect, context: context)
        }
    }

    static func response(for error: any Error, dialect: Dialect, context: Context) -> Response {
        dialect.response(for: appError(from: error, logger: context.logger))
    }

    static func appError(from error: any Error, logger: Logger) -> AppError {
        switch error {
        case let error as AppError:
            if error.kind == .internalError { logger.error("internal error: \(error.message)") }
            return error
        case let error as HTTPError:
            switch error.status {
            case .notFound: return .notFound(error.body ?? "Not found")
            case .contentTooLarge: return AppError(.payloadTooLarge, "Request body is too large")
            case .methodNotAllowed: return .badRequest("Method not allowed")
            case let status where (400..<500).contains(status.code):
                return .badRequest(error.body ?? status.reasonPhrase)
            default:
                logger.error("HTTP error \(error.status.code): \(error.body ?? "")")
                return AppError(.internalError, "Internal server error")
            }
        default:
            logger.error("unexpected error: \(String(reflecting: error))")
            return AppError(.internalError, "Internal server error")
        }
    }
}
