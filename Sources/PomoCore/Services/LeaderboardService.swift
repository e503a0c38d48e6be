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
        let all = metric.ranked(try await store.totals(from: spans.current?.0, to: spans.current?.1))
        // One ranking per answer: the public users and the caller. A private user is neither
        // listed nor counted, so no rank, total or gap tells anything about them; the caller,
        // private or not, sees where they stand among the public.
        let ranked = Self.visible(all, to: user)
        let listed = ranked.enumerated().filter { $0.element.isPublic }
        let today = LocalDate.string(for: now, timezone: user.timezone)
        let shown = listed.prefix(limit)
        // One query for every listed user's streak, whatever the limit.
        let runs = try await store.latestRuns(userIds: shown.map(\.element.userId))
        let entries = shown.map { index, row in
            LeaderboardEntry(
                rank: index + 1, row: row, streak: runs[row.userId]?.current(today: today) ?? 0,
                isCurrentUser: row.userId == user.id)
        }
        var userRank: UserRank?
        if includeRank, let index = ranked.firstIndex(where: { $0.userId == user.id }) {
            var change = "0"
            if let previous = spans.previous {
                let before = Self.visible(
                    metric.ranked(try await store.totals(from: previous.0, to: previous.1)), to: user)
                if let old = before.firstIndex(where: { $0.userId == user.id }) {
                    change = old > index ? "+\(old - index)" : old < index ? "-\(index - old)" : "0"
                }
            }
            let total = ranked.count
            userRank = UserRank(
                currentRank: index + 1, totalParticipants: total,
                percentile: total <= 1 ? 100 : ((Double(total - index - 1) / Double(total - 1)) * 1000).rounded() / 10,
                rankChange: change,
                pointsBehindLeader: ((ranked[0].points - ranked[index].points) * 10).rounded() / 10)
        }
        return LeaderboardResult(
            entries: entries, userRank: userRank, startDate: spans.current?.0, endDate: spans.current?.1,
            totalUsers: all.count, publicUsers: listed.count)
    }

    static func visible(_ ranked: [LeaderboardRow], to user: User) -> [LeaderboardRow] {
        ranked.filter { $0.isPublic || $0.userId == user.id }
    }
}
