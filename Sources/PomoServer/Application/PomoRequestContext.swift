import Foundation
import Hummingbird
import NIOCore
import PomoCore

/// The per-request context: who is calling (set by `AuthMiddleware`). The request id is
/// Hummingbird's `id`, which `RequestLogMiddleware` sets.
public struct PomoRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    var auth: AuthState = .anonymous
    /// The connection; its peer's address is formatted only when a throttle asks for it.
    private let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// The peer's IP address (the reverse proxy's, when there is one).
    var peerAddress: String? { channel.remoteAddress?.ipAddress }

    /// The client's address for throttling. With `trustForwardedFor`, a request that came
    /// through one of `trustedProxies` is from the rightmost `X-Forwarded-For` entry that is not a
    /// trusted proxy: the address the last proxy of ours saw, as nginx's `real_ip` takes it. The
    /// entries left of it are whatever the client wrote, so they count for nothing.
    func clientAddress(_ request: Request, trustForwardedFor: Bool, trustedProxies: Set<String>) -> String {
        let peer = peerAddress
        guard trustForwardedFor, peer.map(trustedProxies.contains) ?? true else { return peer ?? "unknown" }
        let entries = request.headers[values: .xForwardedFor].flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return entries.last { !trustedProxies.contains($0) } ?? entries.first ?? peer ?? "unknown"
    }

    /// The caller, or the dialect's 401/403 when there is none. Which schemes a route takes is
    /// its table's to say (`APIAuth`), checked before its handler runs.
    func requireUser() throws -> Principal {
        switch auth {
        case .anonymous:
            throw AppError(.credentialsMissing, "Token required")
        case .rejected(let rejection):
            throw rejection.error
        case .authenticated(let principal):
            return principal
        }
    }

    func requireAdmin() throws -> Principal {
        let principal = try requireUser()
        guard principal.user.role == .admin else { throw AppError.forbidden("Admin role required") }
        return principal
    }
}

struct Principal: Sendable {
    var user: User
    var method: AuthMethod
}

enum AuthMethod: Sendable {
    case jwt(HubClaims)
    case apiKey
    case cookie(digest: String)

    enum Kind: Sendable, Hashable {
        case jwt, apiKey, cookie

        var label: String {
            switch self {
            case .jwt: "JWT"
            case .apiKey: "ApiKey"
            case .cookie: "Cookie"
            }
        }
    }

    var kind: Kind {
        switch self {
        case .jwt: .jwt
        case .apiKey: .apiKey
        case .cookie: .cookie
        }
    }
}

enum AuthState: Sendable {
    case anonymous
    case rejected(AuthRejection)
    case authenticated(Principal)
}

enum AuthRejection: Sendable, Equatable {
    case token(TokenRejection)
    case apiKey
    case cookie
    case crossSite
    case unsupportedScheme

    var error: AppError {
        switch self {
        case .token: AppError.unauthenticated("Invalid or expired token")
        case .apiKey: AppError.unauthenticated("Invalid or revoked API key")
        case .cookie: AppError.unauthenticated("Session expired; log in again")
        case .crossSite: AppError.forbidden("Cross-site request refused (Origin does not match)")
        case .unsupportedScheme:
            AppError.unauthenticated("Unsupported Authorization scheme (use Bearer, ApiKey or Token)")
        }
    }
}
