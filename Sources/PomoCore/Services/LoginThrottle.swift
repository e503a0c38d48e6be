import Foundation

/// Slows password guessing: failed logins are counted per client address and per address and
/// account, in 15-minute windows kept in the store (so every instance agrees). Past a limit,
/// logins from there are refused before any password is checked; other addresses, and the same
/// account from elsewhere, go on as before.
///
/// Each attempt takes its place in the counters before its password is checked (one atomic
/// increment each), so parallel attempts cannot all read a count under the limit; a success, or an
/// attempt refused for the limit, gives its place back. Keys are digests, so their size is fixed
/// whatever name or address was sent.
public struct LoginThrottle: Sendable {
    public static let window: Int64 = 15 * 60
    /// Failures per address and account, then per address whatever the account.
    public static let perAccount = 10
    public static let perAddress = 100

    let store: any RateLimitStore
    let clock: any PomoClock
    let digester: any SecretDigester

    public init(store: any RateLimitStore, clock: any PomoClock, digester: any SecretDigester) {
        self.store = store
        self.clock = clock
        self.digester = digester
    }

    /// An attempt's places in the counters.
    public struct Attempt: Sendable {
        let keys: [String]
        let windowStart: Int64
    }

    /// Counts an attempt from `address` on `account` (a stable name for the account, whichever
    /// login named it); throws 429, counting nothing, when either count is past its limit.
    public func begin(address: String, account: String) async throws -> Attempt {
        let (start, reset) = window()
        let attempt = Attempt(
            keys: [accountKey(address, account), addressKey(address)], windowStart: start)
        let onAccount = try await store.hit(key: attempt.keys[0], windowStart: start)
        let fromAddress = try await store.hit(key: attempt.keys[1], windowStart: start)
        guard onAccount <= Self.perAccount, fromAddress <= Self.perAddress else {
            try await refund(attempt)
            throw AppError(
                .tooManyRequests(retryAfterSeconds: reset),
                "Too many failed logins; try again in \(max(1, reset / 60)) minute(s)")
        }
        return attempt
    }

    /// Gives back an attempt that was no failed guess (it succeeded, or was refused unchecked).
    public func refund(_ attempt: Attempt) async throws {
        for key in attempt.keys { try await store.refund(key: key, windowStart: attempt.windowStart) }
    }

    private func window() -> (start: Int64, resetSeconds: Int) {
        FixedWindow.current(at: clock.now(), seconds: Self.window)
    }

    func accountKey(_ address: String, _ account: String) -> String {
        "login:" + digester.digest("\(address)\n\(account)")
    }

    func addressKey(_ address: String) -> String { "login:" + digester.digest(address) }
}
