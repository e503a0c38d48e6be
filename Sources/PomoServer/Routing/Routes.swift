import Hummingbird
import PomoCore

/// Every route pomod serves, table by table. The order matters only to `RouteIndex`: where two
/// tables share a path prefix (`/api`), the first one owns what lies under it.
enum Routes {
    static let all: [Endpoint] =
        GameRoutes.endpoints + TaskWorksRoutes.endpoints + TimeMagicRoutes.endpoints + PlatformRoutes.endpoints
        + OperationsRoutes.endpoints

    /// The error dialect and metrics group of any path, matched or not.
    static let index = RouteIndex(all)

    /// Registers every route: one router group per mount and prefix, carrying the mount's
    /// middleware, and on it each route's handler bound to `services`.
    static func register(on router: Router<PomoRequestContext>, services: AppServices) {
        struct GroupKey: Hashable {
            var mount: Mount
            var prefix: String
        }
        var groups: [GroupKey: RouterGroup<PomoRequestContext>] = [:]
        let auth = AuthMiddleware(services: services)
        for endpoint in all {
            let handler = checked(endpoint.handler(services), accepting: endpoint.auth.accepted)
            for prefix in endpoint.prefixes {
                let key = GroupKey(mount: endpoint.mount, prefix: prefix)
                let group =
                    groups[key]
                    ?? {
                        let group = makeGroup(
                            router, prefix: prefix, mount: endpoint.mount, auth: auth, services: services)
                        groups[key] = group
                        return group
                    }()
                group.on(RouterPath(endpoint.path), method: endpoint.method, use: handler)
            }
        }
    }

    private static func makeGroup(
        _ router: Router<PomoRequestContext>, prefix: String, mount: Mount, auth: AuthMiddleware, services: AppServices
    ) -> RouterGroup<PomoRequestContext> {
        var group = router.group(RouterPath(prefix))
        if let dialect = mount.errors { group = group.add(middleware: DialectErrorMiddleware(dialect: dialect)) }
        switch mount.stack {
        case .plain: break
        case .authenticated: group = group.add(middleware: auth)
        case .timeMagicGate:
            group = group.add(middleware: auth).add(
                middleware: TimeMagicGate(services: services, dialect: mount.errors ?? .timeMagic))
        }
        return group
    }

    /// Refuses a caller authenticated by a scheme the route does not take, before its handler.
    private static func checked(_ handler: @escaping Handler, accepting accepted: Set<AuthMethod.Kind>?) -> Handler {
        guard let accepted else { return handler }
        return { request, context in
            if case .authenticated(let principal) = context.auth, !accepted.contains(principal.method.kind) {
                throw AppError.unauthenticated("\(principal.method.kind.label) not supported for this endpoint")
            }
            return try await handler(request, context)
        }
    }
}

/// The declared paths as a tree of segments (`{name}` matches any one), for a path no route may
/// have matched: the deepest declared segment it reaches tells the dialect its error is answered
/// in and the metrics group it is counted under. A segment belongs to the first table that
/// declared it.
struct RouteIndex: Sendable {
    struct Owner: Sendable, Equatable {
        var dialect: Dialect
        var metricsGroup: String
    }

    private final class Node: @unchecked Sendable {
        var literal: [String: Node] = [:]
        var parameter: Node?
        var owner: Owner?
    }

    /// Paths outside every table (the web app's pages): the Game's errors, the web's group.
    static let fallback = Owner(dialect: .game, metricsGroup: "web")
    // Written only while `init` runs; read-only after.
    private let root = Node()

    init(_ endpoints: [Endpoint]) {
        for endpoint in endpoints {
            let owner = Owner(dialect: endpoint.mount.errors ?? .game, metricsGroup: endpoint.mount.metricsGroup)
            for path in endpoint.paths {
                var node = root
                for segment in path.split(separator: "/") {
                    let next: Node
                    if segment.hasPrefix("{") {
                        next = node.parameter ?? Node()
                        node.parameter = next
                    } else {
                        next = node.literal[String(segment)] ?? Node()
                        node.literal[String(segment)] = next
                    }
                    if next.owner == nil { next.owner = owner }
                    node = next
                }
            }
        }
    }

    func owner(of path: String) -> Owner {
        var node = root
        var owner = Self.fallback
        for segment in path.split(separator: "/") {
            guard let next = node.literal[String(segment)] ?? node.parameter else { break }
            node = next
            if let found = next.owner { owner = found }
        }
        return owner
    }
}
