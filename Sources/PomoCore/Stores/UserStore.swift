import Foundation

public protocol UserStore: Sendable {
    /// Inserts the user. The first user ever stored becomes `.admin`, decided atomically with the
    /// insert. A taken username or email (case-insensitive) throws a `.conflict` AppError.
    func create(_ user: NewUser) async throws -> User
    func find(id: Int64) async throws -> User?
    /// By username or email, case-insensitive.
    func find(login: String) async throws -> User?
    func list() async throws -> [User]
    func setSubscription(userId: Int64, activeUntil: Date?, at now: Date) async throws
    /// Sets the hash and raises the user's `credentialGeneration`, in one write.
    func setPasswordHash(userId: Int64, hash: String, at now: Date) async throws
    /// Enables or disables the account; either raises `credentialGeneration`, so credentials from
    /// before a disable do not come back with the account.
    func setActive(userId: Int64, _ active: Bool, at now: Date) async throws
    func setPreferences(userId: Int64, _ preferences: UserPreferences, timezone: String, at now: Date) async throws
    /// Deletes the user and everything of theirs, unless they are the last active admin (false
    /// then): the check and the delete are one write, so two admins cannot both leave.
    func delete(userId: Int64) async throws -> Bool
}

public protocol ApiKeyStore: Sendable {
    func create(userId: Int64, name: String, prefix: String, digest: String, at now: Date) async throws -> ApiKey
    /// The user's keys that are not revoked, oldest first.
    func list(userId: Int64) async throws -> [ApiKey]
    /// The key with this digest, if it is not revoked.
    func findActive(digest: String) async throws -> ApiKey?
    /// Revokes one of the user's keys; false when the user has no such active key.
    func revoke(id: Int64, userId: Int64, at now: Date) async throws -> Bool
}

public protocol TokenStore: Sendable {
    func saveRefreshToken(_ record: RefreshTokenRecord) async throws
    /// Atomically marks the refresh token used and returns it, or nil when it is unknown, already
    /// used or revoked, or expired. Two concurrent refreshes with one token: exactly one wins.
    func consumeRefreshToken(jti: String, at now: Date) async throws -> RefreshTokenRecord?
    func revokeRefreshTokens(userId: Int64, at now: Date) async throws
    /// Revokes every refresh token of the family that `member` belongs to, and the access token
    /// issued beside each, so that none of the chain's tokens works any longer.
    func revokeRefreshFamily(of member: RefreshFamilyMember, at now: Date) async throws
    func revokeAccessToken(jti: String, expiresAt: Date) async throws
    func isAccessTokenRevoked(jti: String) async throws -> Bool
    /// Who holds this access token: its user, unless the token was revoked or the user is gone.
    /// Every request with a JWT asks, so a store that can answer in one query should.
    func accessTokenHolder(jti: String, userId: Int64, users: any UserStore) async throws -> AccessTokenHolder

    func saveWebSession(_ session: WebSession) async throws
    /// The unexpired session with this digest.
    func findWebSession(digest: String, at now: Date) async throws -> WebSession?
    func deleteWebSession(digest: String) async throws
    func deleteWebSessions(userId: Int64) async throws
}

/// A token by which a refresh family is found.
public enum RefreshFamilyMember: Sendable, Equatable {
    case refresh(jti: String)
    case access(jti: String)
}

/// What an access token's id and user id come to.
public enum AccessTokenHolder: Sendable, Equatable {
    case user(User)
    case revoked
    case unknownUser
}

extension TokenStore {
    public func accessTokenHolder(jti: String, userId: Int64, users: any UserStore) async throws
        -> AccessTokenHolder
    {
        if try await isAccessTokenRevoked(jti: jti) { return .revoked }
        guard let user = try await users.find(id: userId) else { return .unknownUser }
        return .user(user)
    }
}

/// The stores of one database, handed to services together.
public struct Stores: Sendable {
    public var users: any UserStore
    public var apiKeys: any ApiKeyStore
    public var tokens: any TokenStore
    public var sessions: any FocusSessionStore
    public var tasks: any TaskLookup
    public var projects: any ProjectStore

    public init(
        users: any UserStore, apiKeys: any ApiKeyStore, tokens: any TokenStore, sessions: any FocusSessionStore,
        tasks: any TaskLookup, projects: any ProjectStore
    ) {
        self.projects = projects
        self.users = users
        self.apiKeys = apiKeys
        self.tokens = tokens
        self.sessions = sessions
        self.tasks = tasks
    }

    /// In-memory stores, for unit tests of the core.
    public static func inMemory() -> Stores {
        let sessions = InMemoryFocusSessionStore()
        return Stores(
            users: InMemoryUserStore(), apiKeys: InMemoryApiKeyStore(), tokens: InMemoryTokenStore(),
            sessions: sessions, tasks: sessions, projects: InMemoryProjectStore())
    }
}
