import Foundation
import Hummingbird
import PomoCore
import PomoWire

/// The Hub auth calls (`/api/auth/*`) and the Game's `POST /api/login`, in the Game's
/// `{"error": "..."}` dialect, so Game clients need no other service.
struct HubAuthController {
    let services: AppServices

    struct RegisterRequest: Decodable {
        var username: String?
        var email: String?
        var password: String?
        var timezone: String?
    }

    struct RefreshRequest: Decodable {
        var refreshToken: String?
        enum CodingKeys: String, CodingKey { case refreshToken = "refresh_token" }
    }

    @Sendable func login(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(HubLoginRequest.self, from: request, limit: services.config.maxBodyBytes)
        guard let identifier = body.identifier, let password = body.password, !password.isEmpty else {
            throw AppError.badRequest("Username/email and password are required")
        }
        let user = try await services.authenticate(
            login: identifier, password: password, request: request, context: context)
        return try await tokenResponse(for: user, message: "Login successful", status: .ok)
    }

    @Sendable func register(_ request: Request, context: PomoRequestContext) async throws -> Response {
        // The first account is the admin: a page on another site must not be able to create it.
        if request.headers[.origin] != nil, !CSRFCheck.sameOrigin(request, trusted: services.config.trustedOrigins) {
            throw AuthRejection.crossSite.error
        }
        let body = try await JSONBody.decode(RegisterRequest.self, from: request, limit: services.config.maxBodyBytes)
        guard let username = body.username, let email = body.email, let password = body.password else {
            throw AppError.badRequest("Username, email and password are required")
        }
        // A taken username or email tells the sender that the account exists, so such answers
        // are throttled per address as failed logins are: probing for accounts costs as much as
        // guessing passwords.
        let user = try await services.throttled(
            account: "register", failure: .conflict, request: request, context: context
        ) {
            try await services.accounts.register(
                username: username, email: email, password: password, timezone: body.timezone ?? "UTC")
        }
        return try await tokenResponse(for: user, message: "Registration successful", status: .created)
    }

    @Sendable func refresh(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(RefreshRequest.self, from: request, limit: services.config.maxBodyBytes)
        guard let token = body.refreshToken, !token.isEmpty else {
            throw AppError.badRequest("Refresh token is required")
        }
        let (tokens, user) = try await services.tokens.refresh(token)
        return JSONBody.response(
            json: HubTokenResponse(
                message: "Token refreshed successfully", accessToken: tokens.accessToken,
                refreshToken: tokens.refreshToken, expiresIn: tokens.expiresIn, user: HubUser(user)))
    }

    @Sendable func logout(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let principal = try context.requireUser()
        if case .jwt(let claims) = principal.method { try await services.tokens.revoke(claims) }
        return JSONBody.response(json: ["success": JSONValue.bool(true), "message": "Successfully logged out"])
    }

    @Sendable func me(_ request: Request, context: PomoRequestContext) async throws -> Response {
        JSONBody.response(json: HubMeResponse(user: HubUser(try context.requireUser().user)))
    }

    private func tokenResponse(for user: User, message: String, status: HTTPResponse.Status) async throws -> Response {
        let tokens = try await services.tokens.issue(for: user)
        return JSONBody.response(
            status: status,
            json: HubTokenResponse(
                message: message, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken,
                expiresIn: tokens.expiresIn, user: HubUser(user)))
    }
}
