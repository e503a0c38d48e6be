import Foundation

/// The web app's cookie sessions, preferences and the admin's list of accounts.
extension AccountService {
    /// Starts a web session for `user` lasting `lifetime`; the cookie's value is returned and only
    /// its digest is stored.
    public func startWebSession(for user: User, lifetime: TimeInterval) async throws -> String {
        let value = RandomToken.base64URL(byteCount: 32)
        let now = clock.now()
        try await stores.tokens.saveWebSession(
            WebSession(
                digest: digester.digest(value), userId: user.id, createdAt: now,
                expiresAt: now.addingTimeInterval(lifetime), generation: user.credentialGeneration))
        return value
    }

    /// The user of a live web session cookie and the session's digest, or nil: an unknown or
    /// expired session, a disabled account, or one whose credentials changed since.
    public func webSession(cookie value: String) async throws -> (user: User, digest: String)? {
        let digest = digester.digest(value)
        guard let session = try await stores.tokens.findWebSession(digest: digest, at: clock.now()),
            let user = try await stores.users.find(id: session.userId), user.isActive,
            session.generation == user.credentialGeneration
        else { return nil }
        return (user, digest)
    }

    public func endWebSession(digest: String) async throws {
        try await stores.tokens.deleteWebSession(digest: digest)
    }

    /// Applies a partial change of preferences (ranges checked) and the time zone.
    public func updatePreferences(_ patch: PreferencesPatch, for user: User) async throws {
        var preferences = user.preferences
        try patch.apply(to: &preferences)
        try await stores.users.setPreferences(
            userId: user.id, preferences, timezone: patch.timezone ?? user.timezone, at: clock.now())
    }

    public func apiKeys(for user: User) async throws -> [ApiKey] {
        try await stores.apiKeys.list(userId: user.id)
    }

    public func allUsers() async throws -> [User] {
        try await stores.users.list()
    }
}
