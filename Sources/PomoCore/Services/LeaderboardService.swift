import Foundation

public struct LeaderboardEntry: Sendable, Equatable {
    public var rank: Int
    public var row: LeaderboardRow
    public var streak: Int
    public var isCurrentUser: Bool
}

public struct UserRank: Sendable, Equatable {
    public var currentRank: Int
    public var totalParticipants: Int
    public var percentile: Double
    /// `"+2"`, `"-1"` or `"0"` against the previous period's rank.
    public var rankChange: String
    public var pointsBehindLeader: Double
}

public struct LeaderboardResult: Sendable {
    public var entries: [LeaderboardEntry]
    public var userRank: UserRank?
    public var startDate: String?
    public var endDate: String?
    public var totalUsers: Int
    public var publicUsers: Int
}

/// The Game leaderboard: only users who opted in are listed; the caller always learns their own rank.
public struct LeaderboardService: Sendable {
    public let store: any LeaderboardStore
    public let clock: any PomoClock

    public init(store: any LeaderboardStore, clock: any PomoClock) {
        self.store = store
        self.clock = clock
    }

    public func leaderboard(
        for user: User, period: LeaderboardPeriod, metric: LeaderboardMetric, limit: Int, includeRank: Bool
    ) async throws -> LeaderboardResult {
        let now = clock.now()
        let spans = period.spans(today: now, timezone: user.timezone)
        // One ranking per answer, ranked by the store: the public users and the caller. A private
        // user is neither listed nor counted, so no rank, total or gap tells anything about them;
        // the caller, private or not, sees where they stand among the public. A fixed number of
        // queries whatever the limit: this standing, the listed users' streaks and, for the rank
        // change, the caller's position in the period before, all under one version.
        let version = try await store.version()
        let standing = try await store.standing(
            from: spans.current?.0, to: spans.current?.1, metric: metric, callerId: user.id, top: limit,
            version: version)
        let shown = standing.rows.filter(\.row.isPublic).prefix(limit)
        let today = LocalDate.string(for: now, timezone: user.timezone)
        let runs = try await store.latestRuns(userIds: shown.map(\.row.userId), version: version)
        let entries = shown.map { position, row in
            LeaderboardEntry(
                rank: position, row: row, streak: runs[row.userId]?.current(today: today) ?? 0,
                isCurrentUser: row.userId == user.id)
        }
        var userRank: UserRank?
        if includeRank, let mine = standing.rows.first(where: { $0.row.userId == user.id }),
            let leader = standing.rows.first
        {
            var change = "0"
            if let previous = spans.previous,
                let old = try await store.standing(
                    from: previous.0, to: previous.1, metric: metric, callerId: user.id, top: 0, version: version
                ).rows.first(where: { $0.row.userId == user.id })?.position
            {
                let new = mine.position
                change = old > new ? "+\(old - new)" : old < new ? "-\(new - old)" : "0"
            }
            let total = standing.participants
            let index = mine.position - 1
            userRank = UserRank(
                currentRank: mine.position, totalParticipants: total,
                percentile: total <= 1 ? 100 : ((Double(total - index - 1) / Double(total - 1)) * 1000).rounded() / 10,
                rankChange: change,
                pointsBehindLeader: ((leader.row.points - mine.row.points) * 10).rounded() / 10)
        }
        return LeaderboardResult(
            entries: entries, userRank: userRank, startDate: spans.current?.0, endDate: spans.current?.1,
            totalUsers: standing.totalUsers, publicUsers: standing.publicUsers)
    }
}
