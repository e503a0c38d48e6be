import Foundation
import Hummingbird
import JWTKit
import PomoCore
import PomoWire

extension HubAuthController {
    struct ValidateResponse: Encodable {
        var valid = true
        var user: HubUser
        var tokenType = "access"
        var expiresAt: Int
        // Top-level copies, which the Hub keeps for backward compatibility.
        var username: String
        var id: Int64
        var email: String

        enum CodingKeys: String, CodingKey {
            case valid, user, username, id, email
            case tokenType = "token_type"
            case expiresAt = "expires_at"
        }
    }

    /// `GET|POST /api/auth/validate`: the Hub's answer for a Bearer token (or `{"token"}` in a POST
    /// body), with its own error wording and `"valid": false`.
    @Sendable func validate(_ request: Request, context: PomoRequestContext) async throws -> Response {
        guard let token = try await presentedToken(request) else {
            return invalid("Authorization header required")
        }
        do {
            let (claims, user) = try await services.tokens.verifyAccess(token)
            return JSONBody.response(
                json: ValidateResponse(
                    user: HubUser(user), expiresAt: Int(claims.exp.value.timeIntervalSince1970),
                    username: user.username, id: user.id, email: user.email))
        } catch {
            return invalid(error.hubMessage)
        }
    }

    private func presentedToken(_ request: Request) async throws -> String? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            return parts.count == 2 && parts[0].lowercased() == "bearer" ? String(parts[1]) : String(header)
        }
        guard request.method == .post else { return nil }
        struct Body: Decodable { var token: String? }
        let body = try await JSONBody.decodeIfPresent(
            Body.self, from: request, limit: services.config.maxBodyBytes, empty: Body())
        return body.token
    }

    private func invalid(_ message: String) -> Response {
        JSONBody.response(status: .unauthorized, json: ["error": JSONValue.string(message), "valid": .bool(false)])
    }
}
