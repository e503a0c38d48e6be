import HTTPTypes
import Hummingbird
import PomoCore
import PomoWire

typealias Handler = @Sendable (Request, PomoRequestContext) async throws -> Response

/// One route, declared once in its dialect's table (`GameRoutes`, `TaskWorksRoutes`,
/// `TimeMagicRoutes`, `PlatformRoutes`, `OperationsRoutes`): the router, `/openapi.json`, the
/// `/docs/api` page, the credential check, the error dialect of an unmatched path and the
/// metrics' route group are all read from it.
struct Endpoint: Sendable {
    var method: HTTPRequest.Method
    /// Under each of the mount's prefixes; `{name}` is a path parameter.
    var path: String
    var mount: Mount
    var tag: String
    var summary: String
    var auth: APIAuth = .any
    var query: [APIParameter] = []
    var body: JSONValue?
    /// False for a body that may be left out (Pomo's additions to a route the contract has none for).
    var bodyRequired = true
    /// Success statuses and their bodies; `.null` is a response without a body.
    var success: [Int: JSONValue]
    var errors: [Int]
    /// The success body's media type.
    var contentType = "application/json"
    /// Other media types the success body can come in, with their schemas (an export's JSON).
    var otherContent: [String: JSONValue] = [:]
    /// The request body's media types when it is not JSON (an import's file).
    var bodyContent: [String: JSONValue]?
    /// Overrides the mount's prefixes (a route served at one of them only).
    var only: [String]?
    /// Other dialects' errors this path can also answer (a route two dialects share).
    var alsoErrors: [Dialect] = []
    /// The handler, bound to the services when the router is built.
    var handler: @Sendable (AppServices) -> Handler

    var prefixes: [String] { only ?? mount.prefixes }
    var paths: [String] { prefixes.map { $0 + path } }

    /// A route's documented errors: the credential's, then 400 and 413 for a body, 400 for a query.
    static func errors(auth: [Int], body: JSONValue?, query: [APIParameter], _ extra: [Int]) -> [Int] {
        var all = Set(auth + extra)
        if body != nil { all.formUnion([400, 413]) }
        if !query.isEmpty { all.insert(400) }
        return all.sorted()
    }
}

/// Where a table's routes are mounted and what runs before them: each dialect is served at the
/// path its doc gives and again under its own prefix, so one declared route is several paths.
struct Mount: Sendable, Hashable {
    var prefixes: [String]
    /// The dialect the group's errors are answered in; nil for routes that answer their own.
    var errors: Dialect?
    /// The `group` label of the request metrics: a small, fixed set.
    var metricsGroup: String
    /// Whether `AuthMiddleware` resolves the caller (and Time Magic's gate runs after it).
    var stack: Stack

    enum Stack: Sendable, Hashable {
        case plain
        case authenticated
        case timeMagicGate
    }

    static let game = Mount(prefixes: ["/api", "/game/api"], errors: .game, metricsGroup: "api", stack: .authenticated)
    static let gameAuth = Mount(
        prefixes: ["/api", "/game/api"], errors: .game, metricsGroup: "auth", stack: .authenticated)
    static let taskWorks = Mount(
        prefixes: ["/api/v1", "/taskworks/api/v1"], errors: .taskWorks, metricsGroup: "taskworks", stack: .authenticated
    )
    static let timeMagic = Mount(
        prefixes: ["/api", "/timemagic/api"], errors: .timeMagic, metricsGroup: "timemagic", stack: .timeMagicGate)
    /// MCP's transport: Time Magic's gate and prefixes, errors as JSON-RPC.
    static let mcp = Mount(
        prefixes: ["/api", "/timemagic/api"], errors: .mcp, metricsGroup: "timemagic", stack: .timeMagicGate)
    static let webSession = Mount(
        prefixes: ["/api/auth"], errors: .taskWorks, metricsGroup: "auth", stack: .authenticated)
    static let admin = Mount(
        prefixes: ["/api/admin", "/api/v1/admin"], errors: .taskWorks, metricsGroup: "admin", stack: .authenticated)
    static let operations = Mount(prefixes: [""], errors: nil, metricsGroup: "operations", stack: .plain)
    static let web = Mount(prefixes: [""], errors: .game, metricsGroup: "web", stack: .plain)
}

/// Which credentials a route takes (DESIGN.md: every scheme unless a doc restricts it). The
/// router refuses a caller authenticated by a scheme the route does not take.
enum APIAuth: Sendable {
    case none
    case any
    case notApiKey
    case cookieOnly
    /// The handler reads the bearer token itself and answers in its own words (`/auth/validate`).
    case bearerInHandler

    /// The schemes a caller may have authenticated with; nil when the router checks nothing.
    var accepted: Set<AuthMethod.Kind>? {
        switch self {
        case .none, .any, .bearerInHandler: nil
        case .notApiKey: [.jwt, .cookie]
        case .cookieOnly: [.cookie]
        }
    }
}

/// A query parameter as the document shows it (see `Query`).
struct APIParameter: Sendable {
    var name: String
    var schema: JSONValue
    var description: String
    var required = false
}
