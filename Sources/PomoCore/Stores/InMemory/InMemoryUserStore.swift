import Foundation

public actor InMemoryUserStore: UserStore {
    private var users: [Int64: User] = [:]
    private var nextId: Int64 = 1

    public init() {}

    public func create(_ new: NewUser) throws -> User {
        let taken = users.values.contains {
            $0.username.lowercased() == new.username.lowercased() || $0.email.lowercased() == new.email.lowercased()
        }
        if taken { throw AppError.conflict("Username or email already registered") }
        let user = User(
            id: nextId, username: new.username, email: new.email, passwordHash: new.passwordHash,
            role: users.isEmpty ? .admin : .user, timezone: new.timezone, isActive: true,
            subscriptionActiveUntil: new.subscriptionActiveUntil, preferences: UserPreferences(),
            createdAt: new.createdAt, updatedAt: new.createdAt)
        users[user.id] = user
        nextId += 1
        return user
    }

    public func find(id: Int64) -> User? { users[id] }

    public func find(login: String) -> User? {
        let key = login.lowercased()
        return users.values.first { $0.username.lowercased() == key || $0.email.lowercased() == key }
    }

    public func list() -> [User] { users.values.sorted { $0.id < $1.id } }

    public func setSubscription(userId: Int64, activeUntil: Date?, at now: Date) {
        users[userId]?.subscriptionActiveUntil = activeUntil
        users[userId]?.updatedAt = now
    }

    public func setPreferences(userId: Int64, _ preferences: UserPreferences, timezone: String, at now: Date) {
        users[userId]?.preferences = preferences
        users[userId]?.timezone = timezone
        users[userId]?.updatedAt = now
    }

    public func setPasswordHash(userId: Int64, hash: String, at now: Date) {
        users[userId]?.passwordHash = hash
        users[userId]?.credentialGeneration += 1
        users[userId]?.updatedAt = now
    }

    public func delete(userId: Int64) -> Bool {
        let admins = users.values.filter { $0.role == .admin && $0.isActive && $0.id != userId }
        guard users[userId]?.role != .admin || !admins.isEmpty else { return false }
        users[userId] = nil
        return true
    }

    public func setActive(userId: Int64, _ active: Bool, at now: Date) {
        users[userId]?.isActive = active
        users[userId]?.credentialGeneration += 1
        users[userId]?.updatedAt = now
    }
}
