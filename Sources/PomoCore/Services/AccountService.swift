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
        guard let user = try await stores.users.find(login: login) else {
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

    public func resetPassword(userId: Int64, newPassword: String) async throws {
        try AccountRules.validate(password: newPassword)
        let hash = try await hasher.hash(newPassword)
        try await stores.users.setPasswordHash(userId: userId, hash: hash, at: clock.now())
        try await stores.tokens.revokeRefreshTokens(userId: userId, at: clock.now())
    }

    public func setSubscription(username: String, activeUntil: Date?) async throws -> User {
        guard let user = try await stores.users.find(login: username) else {
            throw AppError.notFound("No user named '\(username)'")
        }
        try await stores.users.setSubscription(userId: user.id, activeUntil: activeUntil, at: clock.now())
        return try await stores.users.find(id: user.id) ?? user
    }
}
