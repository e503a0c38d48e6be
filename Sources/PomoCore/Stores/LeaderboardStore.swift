import Foundation

/// One user's totals over a span of local dates.
public struct LeaderboardRow: Sendable, Equatable {
    public var userId: Int64
    public var username: String
    public var isPublic: Bool
    public var points: Double
    public var sessions: Int
    public var minutes: Double

    public init(userId: Int64, username: String, isPublic: Bool, points: Double, sessions: Int, minutes: Double) {
        self.userId = userId
        self.username = username
        self.isPublic = isPublic
        self.points = points
        self.sessions = sessions
        self.minutes = minutes
    }
}

public protocol LeaderboardStore: Sendable {
    /// Totals per user of finished work sessions whose local date is in `from...to` (nil: all time).
    func totals(from: String?, to: String?) async throws -> [LeaderboardRow]
    /// Each user's latest run of consecutive active days (none for a user with no completed work).
    func latestRuns(userIds: [Int64]) async throws -> [Int64: StreakRun]
}
