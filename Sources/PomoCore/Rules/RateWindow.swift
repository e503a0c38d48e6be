import Foundation

/// A fixed window rate limit (DESIGN.md: 60 seconds per user for Time Magic). The count lives in
/// the store so every instance on one database agrees.
public struct RateLimitDecision: Sendable, Equatable {
    public var allowed: Bool
    public var limit: Int
    public var remaining: Int
    /// Seconds until the window ends and the count starts again.
    public var resetSeconds: Int

    public init(allowed: Bool, limit: Int, remaining: Int, resetSeconds: Int) {
        self.allowed = allowed
        self.limit = limit
        self.remaining = remaining
        self.resetSeconds = resetSeconds
    }
}

public protocol RateLimitStore: Sendable {
    /// Counts one request for `key` in the window starting at `windowStart` and returns the
    /// window's count including it, atomically: concurrent hits never read the same count.
    func hit(key: String, windowStart: Int64) async throws -> Int
    /// The window's count so far, without adding to it.
    func count(key: String, windowStart: Int64) async throws -> Int
}

public struct RateLimiter: Sendable {
    public let limit: Int
    public let windowSeconds: Int64
    let store: any RateLimitStore
    let clock: any PomoClock

    public init(limit: Int, windowSeconds: Int64 = 60, store: any RateLimitStore, clock: any PomoClock) {
        self.limit = limit
        self.windowSeconds = windowSeconds
        self.store = store
        self.clock = clock
    }

    public func check(_ key: String) async throws -> RateLimitDecision {
        let now = Timestamp.milliseconds(clock.now())
        let window = windowSeconds * 1000
        let start = now - ((now % window) + window) % window
        let count = try await store.hit(key: key, windowStart: start)
        let reset = Int((start + window - now + 999) / 1000)
        return RateLimitDecision(
            allowed: count <= limit, limit: limit, remaining: max(0, limit - count), resetSeconds: max(1, reset))
    }
}
