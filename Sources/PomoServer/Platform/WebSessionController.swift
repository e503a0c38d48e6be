import Foundation
import Hummingbird
import PomoCore
import PomoWire

/// The web app's cookie login: `POST /api/auth/session` sets an HttpOnly, SameSite=Lax cookie
/// holding a random session id (only its digest is stored); `DELETE` ends the session.
struct WebSessionController {
    let services: AppServices

    @Sendable func create(_ request: Request, context: PomoRequestContext) async throws -> Response {
        // Refuse logins posted from other sites (login CSRF); clients without Origin are not browsers.
        if request.headers[.origin] != nil, !CSRFCheck.sameOrigin(request, trusted: services.config.trustedOrigins) {
            throw AuthRejection.crossSite.error
        }
        let body = try await JSONBody.decode(HubLoginRequest.self, from: request, limit: services.config.maxBodyBytes)
        guard let identifier = body.identifier, let password = body.password, !password.isEmpty else {
            throw AppError.badRequest("Username/email and password are required")
        }
        let user = try await services.authenticate(
            login: identifier, password: password, request: request, context: context)
        let value = try await services.accounts.startWebSession(for: user, lifetime: services.config.webSessionTTL)
        var headers = HTTPFields()
        headers[.setCookie] = cookie(
            value: value, maxAge: Int(services.config.webSessionTTL), secure: isSecure(request, context: context))
        return JSONBody.response(headers: headers, json: Envelope(TaskWorksMe(user)))
    }

    @Sendable func current(_ request: Request, context: PomoRequestContext) async throws -> Response {
        JSONBody.response(json: Envelope(TaskWorksMe(try context.requireUser().user)))
    }

    @Sendable func end(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let principal = try context.requireUser()
        if case .cookie(let digest) = principal.method {
            try await services.accounts.endWebSession(digest: digest)
        }
        var headers = HTTPFields()
        headers[.setCookie] = cookie(value: "", maxAge: 0, secure: isSecure(request, context: context))
        return JSONBody.response(headers: headers, json: Envelope(["ended": true]))
    }

    /// `Secure` keeps the cookie off plain HTTP. pomod itself speaks plain HTTP, so HTTPS is
    /// known from the public URL, or from `X-Forwarded-Proto` set by a trusted reverse proxy.
    private func cookie(value: String, maxAge: Int, secure: Bool) -> String {
        "\(Credential.cookieName)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Lax"
            + (secure ? "; Secure" : "")
    }

    func isSecure(_ request: Request, context: PomoRequestContext) -> Bool {
        if services.config.publicURL?.lowercased().hasPrefix("https://") == true { return true }
        guard let peer = context.peerAddress, services.config.trustedProxies.contains(peer) else { return false }
        return request.headers[.xForwardedProto]?.lowercased() == "https"
    }
}
