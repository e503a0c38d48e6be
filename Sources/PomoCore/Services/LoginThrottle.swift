import Foundation

/// Slows password guessing: failed logins are counted per client address and per address and
/// login name, in 15-minute windows kept in the store (so every instance agrees). Past a limit,
/// logins from there are refused before any password is checked; other addresses, and the same
/// account from elsewhere, go on as before.
public struct LoginThrottle: Sendable {
    public static let window: Int64 = 15 * 60
    /// Failures per address and login name, then per address whatever the name.
    public static let perAccount = 10
    public static let perAddress = 100

    let store: any RateLimitStore
    let clock: any PomoClock

    public init(store: any RateLimitStore, clock: any PomoClock) {
        self.store = store
        self.clock = clock
    }

    /// Throws 429 while `address` (or `address` with `login`) is over its limit.
    public func check(address: String, login: String) async throws {
        let (start, reset) = window()
        let account = try await store.count(key: Self.accountKey(address, login), windowStart: start)
        let all = try await store.count(key: Self.addressKey(address), windowStart: start)
        guard account < Self.perAccount, all < Self.perAddress else {
            throw AppError(
                .tooManyRequests(retryAfterSeconds: reset),
                "Too many failed logins; try again in \(max(1, reset / 60)) minute(s)")
        }
    }

    public func recordFailure(address: String, login: String) async throws {
        let (start, _) = window()
        _ = try await store.hit(key: Self.accountKey(address, login), windowStart: start)
        _ = try await store.hit(key: Self.addressKey(address), windowStart: start)
    }

    private func window() -> (start: Int64, resetSeconds: Int) {
        FixedWindow.current(at: clock.now(), seconds: Self.window)
    }

    static func accountKey(_ address: String, _ login: String) -> String {
        "login:\(address):\(login.lowercased())"
    }

    static func addressKey(_ address: String) -> String { "login:\(address)" }
}
