import Foundation

/// The calendar feed's secret token: one per user, created or rotated and revoked by its owner,
/// stored as a digest, and good for nothing but the feed.
public struct CalendarService: Sendable {
    public let store: any CalendarStore
    public let users: any UserStore
    public let digester: any SecretDigester
    public let clock: any PomoClock

    public init(store: any CalendarStore, users: any UserStore, digester: any SecretDigester, clock: any PomoClock) {
        self.store = store
        self.users = users
        self.digester = digester
        self.clock = clock
    }

    public static let prefix = "cal_"

    /// A new token (the old one stops working); returned only here.
    public func rotate(for user: User) async throws -> String {
        let token = Self.prefix + RandomToken.base64URL(byteCount: 32)
        try await store.setToken(userId: user.id, digest: digester.digest(token), at: clock.now())
        return token
    }

    public func created(for user: User) async throws -> Date? { try await store.tokenCreated(userId: user.id) }

    public func revoke(for user: User) async throws { try await store.deleteToken(userId: user.id) }

    /// The feed's owner, or 404 for a token that is not (or no longer) one: nothing tells a
    /// revoked token from one that never was.
    public func owner(of token: String) async throws -> User {
        guard token.hasPrefix(Self.prefix), token.utf8.count < 100,
            let userId = try await store.user(digest: digester.digest(token)),
            let user = try await users.find(id: userId), user.isActive
        else { throw AppError.notFound("Calendar not found") }
        return user
    }

    /// The feed's default window: the last 90 days and the next day.
    public static let pastDays = 90
    public static let futureDays = 1
    public static let maxDays = 3660
}
