import Hummingbird
import NIOCore
import PomoCore

/// The per-request context: who is calling (set by `AuthMiddleware`) and the request id.
public struct PomoRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    var auth: AuthState = .anonymous
    var requestId = ""
    /// The connection; its peer's address is formatted only when a throttle asks for it.
    private let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// The peer's IP address (the reverse proxy's, when there is one).
    var peerAddress: String? { channel.remoteAddress?.ipAddress }

    /// The client's address for throttling: `X-Forwarded-For`'s first entry when the operator
    /// says a proxy sets it, else the peer.
    func clientAddress(_ request: Request, trustForwardedFor: Bool) -> String {
        if trustForwardedFor, let forwarded = request.headers[.xForwardedFor]?.split(separator: ",").first {
            return forwarded.trimmingCharacters(in: .whitespaces)
        }
        return peerAddress ?? "unknown"
    }

    /// The caller, or the dialect's 401/403 when there is none. `allowing` narrows the schemes a
    /// route accepts (TaskWorks' API key endpoints take no API key).
    func requireUser(allowing methods: Set<AuthMethod.Kind> = AuthMethod.Kind.all) throws -> Principal {
        switch auth {
        case .anonymous:
            throw AppError(.credentialsMissing, "Token required")
        case .rejected(let rejection):
            throw rejection.error
        case .authenticated(let principal):
            guard methods.contains(principal.method.kind) else {
                throw AppError.unauthenticated("\(principal.method.kind.label) not supported for this endpoint")
            }
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
        static let all: Set<Kind> = [.jwt, .apiKey, .cookie]

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
