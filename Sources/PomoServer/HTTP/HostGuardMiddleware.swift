import Hummingbird
import PomoCore

/// Answers only the host names the server is configured for. A page on another site can point
/// a name of its own at 127.0.0.1 (DNS rebinding) and so reach a server on the user's machine
/// with the browser's same-origin blessing; its requests carry that name in `Host`, which is
/// refused here before any route runs. IP literals and `localhost` cannot be rebound, so they
/// always pass, as does a request without `Host` (no browser sends one).
struct HostGuardMiddleware: RouterMiddleware {
    typealias Context = PomoRequestContext

    let allowed: Set<String>
    let anyHost: Bool

    init(config: PomoConfig) {
        anyHost = config.allowedHosts.contains("*")
        allowed = Set(config.allowedHosts + ["localhost", config.host.lowercased()])
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        if !anyHost, let host = request.head.authority, !isAllowed(host) {
            throw AppError.badRequest(
                "Host \(Self.name(of: host)) is not one this server answers to (POMO_ALLOWED_HOSTS)")
        }
        return try await next(request, context)
    }

    func isAllowed(_ authority: String) -> Bool {
        let name = Self.name(of: authority)
        return allowed.contains(name) || Self.isIPLiteral(name)
    }

    /// The host of a `Host` value: lowercased, without its port and an IPv6 literal's brackets.
    static func name(of authority: String) -> String {
        var host = Substring(authority.lowercased())
        if host.hasPrefix("[") {
            host = host.dropFirst().prefix { $0 != "]" }
        } else if let colon = host.lastIndex(of: ":"), host.firstIndex(of: ":") == colon {
            host = host[..<colon]
        }
        if host.hasSuffix(".") { host = host.dropLast() }
        return String(host)
    }

    static func isIPLiteral(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 4,
            parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isNumber) && Int($0)! <= 255 })
        {
            return true
        }
        return name.contains(":") && name.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
    }
}
