import Foundation
import Hummingbird
import PomoCore

/// `GET /api/leaderboard?period=&metric=&limit=&include_rank=`, in the Game's shape.
struct LeaderboardController {
    let services: AppServices

    func addRoutes(to group: RouterGroup<PomoRequestContext>) {
        group.get("leaderboard", use: leaderboard)
    }

    @Sendable func leaderboard(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let params = request.uri.queryParameters
        guard let period = LeaderboardPeriod(rawValue: params.get("period") ?? "daily") else {
            throw AppError.validation("period", "period must be daily, weekly, monthly or all_time")
        }
        guard let metric = LeaderboardMetric(rawValue: params.get("metric") ?? "points") else {
            throw AppError.validation("metric", "metric must be points, sessions or minutes")
        }
        let limit =
            try params.get("limit").map { raw in
                guard let value = Int(raw), (1...100).contains(value) else {
                    throw AppError.validation("limit", "limit must be an integer from 1 to 100")
                }
                return value
            } ?? 50
        let includeRank = try QueryFlag.parse(params.get("include_rank") ?? "true", "include_rank")
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
