import Foundation

public enum UserRole: String, Codable, Sendable {
    case admin
    case user
}

public struct User: Sendable, Equatable {
    public var id: Int64
    public var username: String
    public var email: String
    public var passwordHash: String
    public var role: UserRole
    /// IANA zone name; "which day" is computed in it.
    public var timezone: String
    public var isActive: Bool
    /// GETs on the Time Magic routes need this to be in the future. `nil` means no subscription.
    public var subscriptionActiveUntil: Date?
    public var preferences: UserPreferences
    public var createdAt: Date
    public var updatedAt: Date
    /// Raised by every password change and by disabling the account. Every credential a login
    /// hands out (access and refresh token, web session) carries the value it was issued under
    /// and stops working once this moves on; API keys are kept apart and revoked one by one.
    public var credentialGeneration: Int64

    public init(
        id: Int64, username: String, email: String, passwordHash: String, role: UserRole,
        timezone: String, isActive: Bool, subscriptionActiveUntil: Date?, preferences: UserPreferences,
        createdAt: Date, updatedAt: Date, credentialGeneration: Int64 = 0
    ) {
        self.credentialGeneration = credentialGeneration
        self.id = id
        self.username = username
        self.email = email
        self.passwordHash = passwordHash
        self.role = role
        self.timezone = timezone
        self.isActive = isActive
        self.subscriptionActiveUntil = subscriptionActiveUntil
        self.preferences = preferences
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public func hasActiveSubscription(at now: Date) -> Bool {
        guard let until = subscriptionActiveUntil else { return false }
        return until > now
    }
}

/// What a new account is made of; the store assigns the id and the role.
public struct NewUser: Sendable {
    public var username: String
    public var email: String
    public var passwordHash: String
    public var timezone: String
    public var subscriptionActiveUntil: Date?
    public var createdAt: Date

    public init(
        username: String, email: String, passwordHash: String, timezone: String,
        subscriptionActiveUntil: Date?, createdAt: Date
    ) {
        self.username = username
        self.email = email
        self.passwordHash = passwordHash
        self.timezone = timezone
        self.subscriptionActiveUntil = subscriptionActiveUntil
        self.createdAt = createdAt
    }
}

public enum Subscription {
    /// "Open-ended": the far end of the calendar, so the rule stays "active while in the future".
    public static let openEnded = Date(timeIntervalSince1970: 253_402_300_799)  // 9999-12-31T23:59:59Z
}
