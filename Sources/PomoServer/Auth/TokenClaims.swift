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
    /// Pomo's own claim: the user's credential generation at issue (absent in tokens from before
    /// it existed, which counts as 0). A password change or a disable raises the user's, and
    /// every token issued before stops working.
    var gen: Int64?

    enum CodingKeys: String, CodingKey {
        case userId = "user_id"
        case username, email, iat, exp, jti, type, gen
    }

    var generation: Int64 { gen ?? 0 }

    /// Signature checks happen in jwt-kit; expiry is checked by `TokenService` against the
    /// injected clock, so tests can pin time.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
