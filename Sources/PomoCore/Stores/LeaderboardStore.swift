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

/// The top of one ranking and the counts around it, as the store computes them: the ranking is of
/// the users who opted in plus the caller (best first by the metric, ties by username), so the
/// caller sees where they stand among the public whether or not they opted in themselves.
public struct LeaderboardStanding: Sendable {
    /// Rows at positions `1...top + 1` of the ranking, and the caller's wherever it is, by position.
    /// One more than `top`, so that `top` public users are there even when the caller is private
    /// and ranked among them.
    public var rows: [(position: Int, row: LeaderboardRow)]
    /// Every user with finished work in the span, public or not.
    public var totalUsers: Int
    /// The users of `totalUsers` who opted in.
    public var publicUsers: Int
    /// The length of the ranking: the public users, and the caller if private and active.
    public var participants: Int

    public init(rows: [(position: Int, row: LeaderboardRow)], totalUsers: Int, publicUsers: Int, participants: Int) {
        self.rows = rows
        self.totalUsers = totalUsers
        self.publicUsers = publicUsers
        self.participants = participants
    }
}

public protocol LeaderboardStore: Sendable {
    /// Taken once per answer, before its reads: the store may keep what it reads under it and
    /// answer from that while the data is unchanged.
    func version() async throws -> String
    /// The ranking of finished work sessions whose local date is in `from...to` (nil: all time)
    /// by `metric`, for `callerId`: its first `top + 1` rows and the caller's.
    func standing(
        from: String?, to: String?, metric: LeaderboardMetric, callerId: Int64, top: Int, version: String
    ) async throws -> LeaderboardStanding
    /// Each user's latest run of consecutive active days (none for a user with no completed work).
    func latestRuns(userIds: [Int64], version: String) async throws -> [Int64: StreakRun]
}
