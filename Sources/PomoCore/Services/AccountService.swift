import Foundation

public struct AccountPolicy: Sendable {
    public var registrationOpen: Bool
    /// What a new user's `subscriptionActiveUntil` starts as (`Subscription.openEnded` or nil).
    public var defaultSubscription: Date?

    public init(registrationOpen: Bool = true, defaultSubscription: Date? = Subscription.openEnded) {
        self.registrationOpen = registrationOpen
        self.defaultSubscription = defaultSubscription
    }
}

/// Accounts and their credentials: registration, password login, API keys, subscriptions.
public struct AccountService: Sendable {
    public let stores: Stores
    public let hasher: any PasswordHasher
    public let digester: any SecretDigester
    public let clock: any PomoClock
    public let policy: AccountPolicy

    public init(
        stores: Stores, hasher: any PasswordHasher, digester: any SecretDigester, clock: any PomoClock,
        policy: AccountPolicy
    ) {
        self.stores = stores
        self.hasher = hasher
        self.digester = digester
        self.clock = clock
        self.policy = policy
    }

    /// Creates an account. `byAdmin` bypasses closed registration (the admin API and `pomod user create`).
    public func register(
        username: String, email: String, password: String, timezone: String = "UTC", byAdmin: Bool = false
    ) async throws -> User {
        guard policy.registrationOpen || byAdmin else { throw AppError.forbidden("Registration is closed") }
        try AccountRules.validate(username: username)
        try AccountRules.validate(email: email)
        try AccountRules.validate(password: password)
        try AccountRules.validate(timezone: timezone)
        if try await stores.users.find(login: username) != nil {
            throw AppError.conflict("Username already exists", code: "USERNAME_TAKEN")
        }
        if try await stores.users.find(login: email) != nil {
            throw AppError.conflict("Email already registered", code: "EMAIL_TAKEN")
        }
        let hash = try await hasher.hash(password)
        return try await stores.users.create(
            NewUser(
                username: username, email: email, passwordHash: hash, timezone: timezone,
                subscriptionActiveUntil: policy.defaultSubscription, createdAt: clock.now()))
    }

    /// Checks a username-or-email and password. One message for every failure, so it tells no one
    /// which accounts exist.
    public func authenticate(login: String, password: String) async throws -> User {
        try await authenticate(try await stores.users.find(login: login), password: password)
    }

    /// The same for an account the caller already looked up by its login (nil: no such account).
    public func authenticate(_ found: User?, password: String) async throws -> User {
        guard let user = found else {
            // As slow as a wrong password, so the answer's timing does not tell which accounts exist.
            _ = try await hasher.hash(password)
            throw AppError.unauthenticated("Invalid credentials")
        }
        guard try await hasher.verify(password, hash: user.passwordHash) else {
            throw AppError.unauthenticated("Invalid credentials")
        }
        guard user.isActive else { throw AppError.unauthenticated("Account is disabled") }
        return user
    }

    /// Sets a new password and ends every session of the user: access and refresh tokens and web
    /// sessions stop working (the generation they carry is passed). API keys are not touched;
    /// the answer is how many still work, so the caller can say so.
    @discardableResult
    public func resetPassword(userId: Int64, newPassword: String) async throws -> Int {
        try AccountRules.validate(password: newPassword)
        let hash = try await hasher.hash(newPassword)
        try await stores.users.setPasswordHash(userId: userId, hash: hash, at: clock.now())
        try await endSessions(userId: userId)
        return try await stores.apiKeys.list(userId: userId).count
    }

    /// The user's own change: the current password first, then as a reset.
    @discardableResult
    public func changePassword(user: User, current: String, new: String) async throws -> Int {
        guard try await hasher.verify(current, hash: user.passwordHash) else {
            throw AppError.validation("current_password", "The current password is not correct")
        }
        return try await resetPassword(userId: user.id, newPassword: new)
    }

    /// Deletes the caller's account and everything of it, once the password is confirmed. The
    /// server's last admin cannot: another admin is named first.
    public func deleteAccount(user: User, password: String) async throws {
        guard try await hasher.verify(password, hash: user.passwordHash) else {
            throw AppError.validation("password", "The password is not correct")
        }
        guard try await stores.users.delete(userId: user.id) else {
            throw AppError.conflict(
                "The last admin cannot delete their account: make another user an admin first", code: "LAST_ADMIN")
        }
    }

    /// Disables or enables an account. A disabled one is refused every credential at once (each
    /// check reads `isActive`); its sessions end, so enabling it again does not bring them back.
    public func setActive(username: String, _ active: Bool) async throws -> User {
        guard let user = try await stores.users.find(login: username) else {
            throw AppError.notFound("No user named '\(username)'")
        }
        // Already so: nothing changes, and the account's sessions go on (an enable that ended
        // them would log an admin out by re-enabling their own, active, account).
        guard user.isActive != active else { return user }
        try await stores.users.setActive(userId: user.id, active, at: clock.now())
        try await endSessions(userId: user.id)
        return try await stores.users.find(id: user.id) ?? user
    }

    /// Revokes the stored halves of every session; the raised generation already refuses them,
    /// this keeps no live rows behind.
    private func endSessions(userId: Int64) async throws {
        try await stores.tokens.revokeRefreshTokens(userId: userId, at: clock.now())
        try await stores.tokens.deleteWebSessions(userId: userId)
    }

    public func setSubscription(username: String, activeUntil: Date?) async throws -> User {
        guard let user = try await stores.users.find(login: username) else {
            throw AppError.notFound("No user named '\(username)'")
        }
        try await stores.users.setSubscription(userId: user.id, activeUntil: activeUntil, at: clock.now())
        return try await stores.users.find(id: user.id) ?? user
    }
}
