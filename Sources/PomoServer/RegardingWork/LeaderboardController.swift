import Foundation
import Hummingbird
import PomoCore
import PomoWire

/// `GET /api/leaderboard?period=&metric=&limit=&include_rank=`, in the Game's shape.
struct LeaderboardController {
    let services: AppServices

    static let period: Query<LeaderboardPeriod> = .oneOf("period", default: .daily)
    static let metric: Query<LeaderboardMetric> = .oneOf("metric", default: .points)
    static let limit: Query<Int> = .integer("limit", in: 1...100, default: 50)
    static let includeRank: Query<Bool> = .flag("include_rank", default: true)
    static let query: [any DocumentedQuery] = [period, metric, limit, includeRank]

    @Sendable func leaderboard(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let period = try Self.period.read(request)
        let metric = try Self.metric.read(request)
        let limit = try Self.limit.read(request)
        let includeRank = try Self.includeRank.read(request)
        let result = try await services.leaderboard.leaderboard(
            for: user, period: period, metric: metric, limit: limit, includeRank: includeRank)
        var body: [String: JSONValue] = [
            "leaderboard": .array(
                result.entries.map { entry in
                    .object([
                        "rank": .number(Double(entry.rank)), "username": .string(entry.row.username),
                        "points": .number((entry.row.points * 10).rounded() / 10),
                        "sessions": .number(Double(entry.row.sessions)),
                        "minutes": .number(entry.row.minutes.rounded()), "streak": .number(Double(entry.streak)),
                        "badge": .null, "is_current_user": .bool(entry.isCurrentUser),
                    ])
                }),
            "period_info": .object([
                "period": .string(period.rawValue), "start_date": result.startDate.map(JSONValue.string) ?? .null,
                "end_date": result.endDate.map(JSONValue.string) ?? .null,
                "total_users": .number(Double(result.totalUsers)), "public_users": .number(Double(result.publicUsers)),
            ]),
        ]
        if includeRank {
            body["user_rank"] =
                result.userRank.map { rank in
                    .object([
                        "current_rank": .number(Double(rank.currentRank)),
                        "total_participants": .number(Double(rank.totalParticipants)),
                        "percentile": .number(rank.percentile), "rank_change": .string(rank.rankChange),
                        "points_behind_leader": .number(rank.pointsBehindLeader),
                    ])
                } ?? .null
        }
        return JSONBody.response(json: body)
    }
}
