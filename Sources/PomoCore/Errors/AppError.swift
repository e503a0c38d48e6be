/// The one error type the core throws. Each dialect maps `kind` to its own status code and body
/// in one place (the server's dialect error middleware); internals never reach a response.
public struct AppError: Error, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case badRequest
        /// No credentials were sent at all.
        case credentialsMissing
        /// Credentials were sent and are wrong, expired or revoked.
        case unauthenticated
        case forbidden
        case notFound
        case conflict
        /// A well-formed request whose values break a rule (400 in the Game and TaskWorks, 422 in Time Magic).
        case validation
        /// A well-formed value the server will not act on (422 in every dialect): a webhook URL
        /// whose address is refused.
        case unprocessable
        case payloadTooLarge
        /// The request did not arrive in time (a client sending it too slowly).
        case requestTimeout
        case unsupportedMediaType
        case tooManyRequests(retryAfterSeconds: Int)
        case paymentRequired
        /// What the request asks for existed and is gone for good (410): a change feed resumed
        /// from a cursor older than the changes the server still keeps.
        case gone
        case internalError
    }

    public var kind: Kind
    public var message: String
    /// The request field the message is about, when there is one.
    public var field: String?
    /// A machine-readable code (TaskWorks `code`, e.g. `POMODORO_ACTIVE`).
    public var code: String?
    /// Extra facts for the client (TaskWorks `context`), e.g. the id of the conflicting session.
    public var context: [String: String]
    /// Required request fields that were absent.
    public var missingFields: [String] = []

    public init(
        _ kind: Kind, _ message: String, field: String? = nil, code: String? = nil, context: [String: String] = [:]
    ) {
        self.kind = kind
        self.message = message
        self.field = field
        self.code = code
        self.context = context
    }

    public static func missing(_ fields: [String], message: String = "Missing required fields") -> AppError {
        var error = AppError(.badRequest, message)
        error.missingFields = fields
        return error
    }

    public static func badRequest(_ message: String, field: String? = nil) -> AppError {
        AppError(.badRequest, message, field: field)
    }
    public static func validation(_ field: String, _ message: String) -> AppError {
        AppError(.validation, message, field: field)
    }
    public static func notFound(_ message: String = "Not found") -> AppError { AppError(.notFound, message) }
    public static func forbidden(_ message: String) -> AppError { AppError(.forbidden, message) }
    public static func conflict(_ message: String, code: String? = nil) -> AppError {
        AppError(.conflict, message, code: code)
    }
    public static func unauthenticated(_ message: String) -> AppError { AppError(.unauthenticated, message) }
}
