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

    public init(jti: String, userId: Int64, issuedAt: Date, expiresAt: Date, revokedAt: Date? = nil) {
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

    public init(digest: String, userId: Int64, createdAt: Date, expiresAt: Date) {
        self.digest = digest
        self.userId = userId
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
