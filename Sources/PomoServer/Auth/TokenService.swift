import Foundation
import JWTKit
import PomoCore

/// Why a bearer token was refused. The Hub's validate endpoint reports each one by name.
enum TokenRejection: Error, Equatable {
    case malformed
    case badSignature
    case expired
    case revoked
    case wrongType
    case unknownUser

    /// The Hub's wording (`GET /api/auth/validate`).
    var hubMessage: String {
        switch self {
        case .malformed: "Invalid token: Not enough segments"
        case .badSignature: "Invalid token: Signature verification failed"
        case .expired: "Token has expired"
        case .revoked: "Token has been revoked"
        case .wrongType: "Invalid token: not an access token"
        case .unknownUser: "User not found"
        }
    }
}

struct IssuedTokens: Sendable {
    var accessToken: String
    var refreshToken: String
    var expiresIn: Int
}

/// Issues, checks, rotates and revokes the Hub-style JWTs. Tokens are checked locally (HS256),
/// plus one lookup for revoked ids.
struct TokenService: Sendable {
    let keys: JWTKeyCollection
    let stores: Stores
    let clock: any PomoClock
    let accessTTL: TimeInterval
    let refreshTTL: TimeInterval
    /// Claims of tokens whose signature was checked already: a client sends the same access
    /// token with every request, and the HMAC and JSON decoding were a few percent of each
    /// request's CPU. Type, expiry and revocation are still checked on every use.
    let verifiedTokens = BoundedCache<String, HubClaims>(capacity: 4096)

    static func make(secret: String, stores: Stores, clock: any PomoClock, config: PomoConfig) async -> TokenService {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        return TokenService(
            keys: keys, stores: stores, clock: clock, accessTTL: config.accessTokenTTL,
            refreshTTL: config.refreshTokenTTL)
    }

    /// A new pair of tokens; `family` continues a chain of rotations (a new login starts one).
    func issue(for user: User, family: String? = nil) async throws -> IssuedTokens {
        // Whole seconds, as JWT NumericDates usually are.
        let now = Date(timeIntervalSince1970: clock.now().timeIntervalSince1970.rounded(.down))
        let access = HubClaims(
            userId: user.id, username: user.username, email: user.email, iat: .init(value: now),
            exp: .init(value: now.addingTimeInterval(accessTTL)), jti: .init(value: UUID().uuidString.lowercased()),
            type: .access, gen: user.credentialGeneration)
        let refresh = HubClaims(
            userId: user.id, iat: .init(value: now), exp: .init(value: now.addingTimeInterval(refreshTTL)),
            jti: .init(value: UUID().uuidString.lowercased()), type: .refresh, gen: user.credentialGeneration)
        try await stores.tokens.saveRefreshToken(
            RefreshTokenRecord(
                jti: refresh.jti.value, userId: user.id, issuedAt: now, expiresAt: refresh.exp.value,
                family: family ?? refresh.jti.value, accessJti: access.jti.value))
        return IssuedTokens(
            accessToken: try await keys.sign(access), refreshToken: try await keys.sign(refresh),
            expiresIn: Int(accessTTL))
    }

    /// The claims and user of a valid, unrevoked access token.
    func verifyAccess(_ token: String) async throws(TokenRejection) -> (HubClaims, User) {
        let claims = try await verified(token, as: .access)
        do {
            switch try await stores.tokens.accessTokenHolder(
                jti: claims.jti.value, userId: claims.userId, users: stores.users)
            {
            case .revoked: throw TokenRejection.revoked
            case .unknownUser: throw TokenRejection.unknownUser
            case .user(let user):
                guard user.isActive else { throw TokenRejection.unknownUser }
                guard claims.generation == user.credentialGeneration else { throw TokenRejection.revoked }
                return (claims, user)
            }
        } catch let rejection as TokenRejection {
            throw rejection
        } catch {
            throw .unknownUser
        }
    }

    /// Uses up a refresh token and issues a new pair in the same family; the old refresh token
    /// stops working. A genuine refresh token that is used up, revoked or expired being offered
    /// again means someone holds a copy (OAuth 2.0 Security BCP, 4.14): the whole family is
    /// revoked, the rightful holder's newest tokens with it.
    func refresh(_ token: String) async throws -> (IssuedTokens, User) {
        guard let claims = try? await verified(token, as: .refresh) else {
            throw AppError.unauthenticated("Invalid or expired refresh token")
        }
        guard let record = try await stores.tokens.consumeRefreshToken(jti: claims.jti.value, at: clock.now()) else {
            try await stores.tokens.revokeRefreshFamily(of: .refresh(jti: claims.jti.value), at: clock.now())
            throw AppError.unauthenticated("Invalid or expired refresh token")
        }
        guard let user = try await stores.users.find(id: record.userId), user.isActive else {
            throw AppError.unauthenticated("User not found")
        }
        guard claims.generation == user.credentialGeneration else {
            throw AppError.unauthenticated("Invalid or expired refresh token")
        }
        return (try await issue(for: user, family: record.family ?? record.jti), user)
    }

    /// Logout: the access token's id is kept on the revoked list until the token would expire,
    /// and the refresh family it was issued in is revoked, every earlier token of it included.
    func revoke(_ claims: HubClaims) async throws {
        try await stores.tokens.revokeAccessToken(jti: claims.jti.value, expiresAt: claims.exp.value)
        try await stores.tokens.revokeRefreshFamily(of: .access(jti: claims.jti.value), at: clock.now())
    }

    private func verified(_ token: String, as type: HubClaims.TokenType) async throws(TokenRejection) -> HubClaims {
        // Three dot-separated parts; counted in UTF-8 (splitting Characters costs more).
        guard token.utf8.count(where: { $0 == UInt8(ascii: ".") }) == 2 else { throw .malformed }
        let claims: HubClaims
        if let known = verifiedTokens[token] {
            claims = known
        } else {
            do {
                claims = try await keys.verify(token, as: HubClaims.self)
            } catch {
                throw .badSignature
            }
            verifiedTokens.insert(claims, for: token)
        }
        guard claims.type == type else { throw .wrongType }
        guard claims.exp.value > clock.now() else { throw .expired }
        return claims
    }
}
