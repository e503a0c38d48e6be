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
    /// Takes one hit back from the window starting at `windowStart`, if it is still the current one.
    func refund(key: String, windowStart: Int64) async throws
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
        let (start, reset) = FixedWindow.current(at: clock.now(), seconds: windowSeconds)
        let count = try await store.hit(key: key, windowStart: start)
        return RateLimitDecision(
            allowed: count <= limit, limit: limit, remaining: max(0, limit - count), resetSeconds: reset)
    }
}

/// The fixed window an instant falls in, shared by the rate limiter and the login throttle.
enum FixedWindow {
    /// The window's start (ms since 1970) and the whole seconds until it ends (at least 1).
    static func current(at date: Date, seconds: Int64) -> (start: Int64, resetSeconds: Int) {
        let now = Timestamp.milliseconds(date)
        let length = seconds * 1000
        let start = now - ((now % length) + length) % length
        return (start, max(1, Int((start + length - now + 999) / 1000)))
    }
}
