import Foundation
import Hummingbird
import PomoCore

/// Resolves the request's credential into `context.auth`. It never refuses a request itself:
/// each route decides whether it needs a caller, and its dialect words the refusal.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = PomoRequestContext
    let services: AppServices

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var context = context
        context.auth = try await resolve(request)
        return try await next(request, context)
    }

    private func resolve(_ request: Request) async throws -> AuthState {
        guard let credential = Credential(headers: request.headers) else { return .anonymous }
        switch credential {
        case .unsupported:
            return .rejected(.unsupportedScheme)
        case .jwt(let token):
            do {
                let (claims, user) = try await services.tokens.verifyAccess(token)
                return .authenticated(Principal(user: user, method: .jwt(claims)))
            } catch {
                return .rejected(.token(error))
            }
        case .apiKey(let token):
            guard let user = try await services.accounts.user(forApiKey: token) else { return .rejected(.apiKey) }
            return .authenticated(Principal(user: user, method: .apiKey))
        case .sessionCookie(let value):
            guard let (user, digest) = try await services.accounts.webSession(cookie: value) else {
                return .rejected(.cookie)
            }
            if request.method.isUnsafe, !CSRFCheck.sameOrigin(request, trusted: services.config.trustedOrigins) {
                return .rejected(.crossSite)
            }
            return .authenticated(Principal(user: user, method: .cookie(digest: digest)))
        }
    }
}

extension HTTPRequest.Method {
    var isUnsafe: Bool { ![.get, .head, .options].contains(self) }
}

/// Cookie-authenticated writes must come from our own origin: SameSite=Lax keeps the cookie off
/// most cross-site requests, and this Origin (or Referer) check refuses the rest.
enum CSRFCheck {
    static func sameOrigin(_ request: Request, trusted: [String]) -> Bool {
        let origin = request.headers[.origin] ?? request.headers[.referer].flatMap(originOf(url:))
        guard let origin, origin != "null", let host = request.head.authority else {
            return false
        }
        if trusted.contains(origin) { return true }
        return origin == "http://\(host)" || origin == "https://\(host)"
    }

    private static func originOf(url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return String(url[..<schemeEnd.upperBound]) + authority
    }
}
