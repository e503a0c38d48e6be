import Foundation

/// A TaskWorks-style API key. Only the SHA-256 digest and a display prefix are kept.
public struct ApiKey: Sendable, Equatable {
    public var id: Int64
    public var userId: Int64
    public var name: String
    public var prefix: String
    public var digest: String
    public var createdAt: Date
    public var revokedAt: Date?

    public init(
        id: Int64, userId: Int64, name: String, prefix: String, digest: String, createdAt: Date,
        revokedAt: Date?
    ) {
        self.id = id
        self.userId = userId
        self.name = name
        self.prefix = prefix
        self.digest = digest
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// A refresh token's record. The token itself is a JWT carrying `jti`; rotating it revokes this row.
public struct RefreshTokenRecord: Sendable, Equatable {
    public var jti: String
    public var userId: Int64
    public var issuedAt: Date
    public var expiresAt: Date
    public var revokedAt: Date?
    /// The first refresh token of the chain this one was rotated from (its own jti when it is
    /// the first): a logout or a reused token revokes the whole family.
    public var family: String?
    /// The access token issued beside it.
    public var accessJti: String?

    public init(
        jti: String, userId: Int64, issuedAt: Date, expiresAt: Date, revokedAt: Date? = nil, family: String? = nil,
        accessJti: String? = nil
    ) {
        self.family = family
        self.accessJti = accessJti
        self.jti = jti
        self.userId = userId
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }
}

/// The web app's cookie session. The cookie value is random; only its digest is stored.
public struct WebSession: Sendable, Equatable {
    public var digest: String
    public var userId: Int64
    public var createdAt: Date
    public var expiresAt: Date
    /// The user's `credentialGeneration` when the session began.
    public var generation: Int64

    public init(digest: String, userId: Int64, createdAt: Date, expiresAt: Date, generation: Int64 = 0) {
        self.generation = generation
        self.digest = digest
        self.userId = userId
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
