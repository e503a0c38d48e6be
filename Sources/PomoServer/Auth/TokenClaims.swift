import Foundation
import JWTKit

/// The Hub's claim set: access tokens carry `user_id`, `username`, `email`, `iat`, `exp`, `jti`
/// and `type: "access"`; refresh tokens carry the same minus username and email, `type: "refresh"`.
struct HubClaims: JWTPayload, Equatable {
    enum TokenType: String, Codable { case access, refresh }

    var userId: Int64
    var username: String?
    var email: String?
    var iat: IssuedAtClaim
    var exp: ExpirationClaim
    var jti: IDClaim
    var type: TokenType

    enum CodingKeys: String, CodingKey {
        case userId = "user_id"
        case username, email, iat, exp, jti, type
    }

    /// Signature checks happen in jwt-kit; expiry is checked by `TokenService` against the
    /// injected clock, so tests can pin time.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
