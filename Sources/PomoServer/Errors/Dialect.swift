import Foundation
import Hummingbird
import PomoCore
import PomoWire

/// The three wire dialects, plus Pomo's own platform API (which speaks TaskWorks' conventions).
enum Dialect: String, Sendable {
    /// RegardingWork Game and its Hub auth: `{"error": "..."}`.
    case game
    /// TaskWorks v1 and Pomo's platform API: `{"error", "message", "code", "context"}`.
    case taskWorks
    /// Time Magic: `{"errors": ...}` and `{"info": ...}`.
    case timeMagic
    /// MCP's transport (`POST /api/mcp`, behind Time Magic's gate): Time Magic's statuses, and a
    /// JSON-RPC error an MCP client can show, its message Time Magic's words ("Unauthorized",
    /// "Rate limit exceeded. …") and its data Time Magic's body.
    case mcp

    /// The dialect of a path no route matched: the route tables' (see `RouteIndex`).
    static func guess(path: String) -> Dialect { Routes.index.owner(of: path).dialect }

    /// The one place an `AppError` becomes a status code and a body, for each dialect.
    func response(for error: AppError) -> Response {
        var headers = HTTPFields()
        if case .tooManyRequests(let seconds) = error.kind { headers[.retryAfter] = String(seconds) }
        return JSONBody.response(status: status(for: error.kind), headers: headers, json: body(for: error))
    }

    func status(for kind: AppError.Kind) -> HTTPResponse.Status {
        switch kind {
        case .badRequest: .badRequest
        case .credentialsMissing: self == .game ? .forbidden : .unauthorized
        case .unauthenticated: .unauthorized
        case .forbidden: timeMagicRules ? .notFound : .forbidden
        case .notFound: .notFound
        case .conflict: timeMagicRules ? .unprocessableContent : .conflict
        case .validation: timeMagicRules ? .unprocessableContent : .badRequest
        case .unprocessable: .unprocessableContent
        case .payloadTooLarge: .contentTooLarge
        case .requestTimeout: .requestTimeout
        // 400 rather than 415: the dialects' docs know only 400 for a request they cannot read.
        case .unsupportedMediaType: .badRequest
        case .tooManyRequests: .tooManyRequests
        case .paymentRequired: HTTPResponse.Status(code: 402, reasonPhrase: "Payment Required")
        case .gone: .gone
        case .internalError: .internalServerError
        }
    }

    /// MCP's statuses are Time Magic's.
    private var timeMagicRules: Bool { self == .timeMagic || self == .mcp }

    func body(for error: AppError) -> [String: JSONValue] {
        let message = error.kind == .internalError ? "Internal server error" : error.message
        switch self {
        case .mcp:
            let body = Dialect.timeMagic.body(for: error)
            var words = message
            if case .string(let text)? = body["errors"] ?? body["info"] { words = text }
            return [
                "jsonrpc": "2.0", "id": .null,
                "error": ["code": -32000, "message": .string(words), "data": .object(body)],
            ]
        case .game:
            var body: [String: JSONValue] = ["error": .string(message)]
            if let field = error.field { body["field"] = .string(field) }
            if !error.missingFields.isEmpty { body["missing"] = .array(error.missingFields.map(JSONValue.string)) }
            return body
        case .taskWorks:
            return [
                "error": .string(Self.taskWorksType(error.kind)), "message": .string(message),
                "code": error.code.map(JSONValue.string) ?? .null,
                "context": Self.taskWorksContext(error),
            ]
        case .timeMagic:
            switch error.kind {
            case .credentialsMissing, .unauthenticated: return ["errors": "Unauthorized"]
            case .notFound, .forbidden: return ["errors": "Not found"]
            case .paymentRequired, .tooManyRequests: return ["info": .string(message)]
            case .internalError: return ["errors": "Internal server error"]
            default:
                if !error.missingFields.isEmpty {
                    return [
                        "errors": .object(
                            Dictionary(
                                uniqueKeysWithValues: error.missingFields.map {
                                    ($0, JSONValue.array([.string("can't be blank")]))
                                }))
                    ]
                }
                return ["errors": .object([error.field ?? "base": .array([.string(message)])])]
            }
        }
    }

    private static func taskWorksContext(_ error: AppError) -> JSONValue {
        var context = error.context.mapValues(JSONValue.string)
        if let field = error.field { context["field"] = .string(field) }
        if !error.missingFields.isEmpty { context["missing"] = .array(error.missingFields.map(JSONValue.string)) }
        return context.isEmpty ? .null : .object(context)
    }

    private static func taskWorksType(_ kind: AppError.Kind) -> String {
        switch kind {
        case .badRequest, .validation: "bad_request"
        case .unprocessable: "unprocessable_entity"
        case .credentialsMissing, .unauthenticated: "unauthorized"
        case .forbidden: "forbidden"
        case .notFound: "not_found"
        case .conflict: "conflict"
        case .payloadTooLarge: "payload_too_large"
        case .requestTimeout: "request_timeout"
        case .unsupportedMediaType: "unsupported_media_type"
        case .tooManyRequests: "rate_limited"
        case .paymentRequired: "payment_required"
        case .gone: "gone"
        case .internalError: "internal_error"
        }
    }
}
