import Foundation
import PomoCore

/// The Hub's user object, as `/api/auth/*` and `/api/login` return it.
public struct HubUser: Codable, Sendable, Equatable {
    public var id: Int64
    public var username: String
    public var email: String
    public var emailVerified: Bool
    public var isActive: Bool
    public var createdAt: String
    public var updatedAt: String
    public var bio: String?
    public var websiteURL: String?
    public var profilePhotoURL: String?
    /// `ADMIN` or `USER`, upper-case as the Hub writes roles.
    public var role: String
    public var premiumTier: String
    public var timezone: String

    enum CodingKeys: String, CodingKey {
        case id, username, email, bio, role, timezone
        case emailVerified = "email_verified"
        case isActive = "is_active"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case websiteURL = "website_url"
        case profilePhotoURL = "profile_photo_url"
        case premiumTier = "premium_tier"
    }

    public init(_ user: User) {
        id = user.id
        username = user.username
        email = user.email
        emailVerified = false
        isActive = user.isActive
        createdAt = Timestamp.format(user.createdAt)
        updatedAt = Timestamp.format(user.updatedAt)
        role = user.role.rawValue.uppercased()
        premiumTier = "FREE"
        timezone = user.timezone
    }

    /// The Hub sends `null` for empty profile fields rather than leaving them out.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(username, forKey: .username)
        try c.encode(email, forKey: .email)
        try c.encode(emailVerified, forKey: .emailVerified)
        try c.encode(isActive, forKey: .isActive)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(bio, forKey: .bio)
        try c.encode(websiteURL, forKey: .websiteURL)
        try c.encode(profilePhotoURL, forKey: .profilePhotoURL)
        try c.encode(role, forKey: .role)
        try c.encode(premiumTier, forKey: .premiumTier)
        try c.encode(timezone, forKey: .timezone)
    }
}

/// `POST /api/login`, `/api/auth/login`, `/api/auth/register`: the Hub's body plus the Game's
/// `success` and `token` (adopted proposal 4.1.1), so clients of either read it.
public struct HubTokenResponse: Codable, Sendable {
    public var success: Bool
    public var message: String
    public var token: String
    public var accessToken: String
    public var refreshToken: String
    public var tokenType: String
    public var expiresIn: Int
    public var user: HubUser

    enum CodingKeys: String, CodingKey {
        case success, message, token, user
        case accessToken = "access_token"
        case refreshToken = "refresh_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
    }

    public init(message: String, accessToken: String, refreshToken: String, expiresIn: Int, user: HubUser) {
        success = true
        self.message = message
        token = accessToken
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        tokenType = "Bearer"
        self.expiresIn = expiresIn
        self.user = user
    }
}

public struct HubLoginRequest: Codable, Sendable {
    public var username: String?
    public var email: String?
    public var login: String?
    public var password: String?

    public init(username: String? = nil, email: String? = nil, password: String?) {
        self.username = username
        self.email = email
        self.password = password
    }

    /// Whichever of `username`, `email` or `login` was sent.
    public var identifier: String? {
        [username, email, login].compactMap { $0?.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty }
    }
}

public struct HubMeResponse: Codable, Sendable {
    public var user: HubUser

    public init(user: HubUser) { self.user = user }
}
