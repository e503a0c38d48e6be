import Foundation

/// Calendar feed tokens (one per user, kept as digests) and what the feed's `ETag` is made of.
public protocol CalendarStore: Sendable {
    /// Creates the user's token or replaces it (the old URL stops working).
    func setToken(userId: Int64, digest: String, at now: Date) async throws
    /// When the user's token was made, if there is one.
    func tokenCreated(userId: Int64) async throws -> Date?
    func deleteToken(userId: Int64) async throws
    /// Whose token has this digest.
    func user(digest: String) async throws -> Int64?
    /// Changes whenever a row the feed shows between `from` and `to` is added, changed or removed.
    func fingerprint(userId: Int64, from: Date, to: Date) async throws -> String
}
