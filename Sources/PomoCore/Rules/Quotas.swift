import Foundation

/// How many of each kind of object one user may have: each is a row or more that a user could
/// otherwise multiply without end (2,000 API keys in 5 seconds, 500 projects). Checked in the
/// transaction that adds one; set with the `POMO_MAX_*` variables.
public struct Quotas: Sendable, Equatable {
    /// Active (unrevoked) API keys.
    public var apiKeys = 50
    /// Personal projects, whether made through Time Magic or named by a Game submit.
    public var projects = 1_000
    public var tasks = 10_000
    public var activities = 1_000
    /// Estimations, and reports: each up to this many.
    public var plans = 1_000
    /// Signed-in browsers; a login beyond it ends the oldest.
    public var webSessions = 20

    public init() {}

    /// The refusal when a user has `max` already: a validation error, so each dialect answers in
    /// its own shape (400 in the Game and TaskWorks, 422 in Time Magic).
    public static func reached(_ what: String, max: Int, setting: String, field: String = "base") -> AppError {
        AppError.validation(field, "limit reached: at most \(max) \(what) per user (\(setting))")
    }
}
