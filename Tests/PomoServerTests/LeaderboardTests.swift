import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoTestSupport
import Testing

@Suite struct LeaderboardTests {
    /// Submits one session of `minutes` ending at the clock's now.
    func submit(_ client: some TestClientProtocol, _ auth: HTTPFields, _ clock: ManualClock, minutes: Int) async throws
    {
        let end = clock.now()
        let body = """
            {"start_time": "\(Timestamp.format(end.addingTimeInterval(Double(-minutes * 60))))",
             "end_time": "\(Timestamp.format(end))", "duration": \(minutes), "category": "Work", "project": "P",
             "note": "", "source": "web_timer", "session_id": "\(UUID().uuidString)"}
            """
        let reply = try await client.send(.post, "/api/pomodoro/submit", body: body, headers: auth)
        #expect(reply.status == .created, "\(reply)")
    }

    @Test(arguments: TestBackend.available)
    func onlyOptedInUsersAreListedAndEveryoneLearnsTheirRank(_ backend: TestBackend) async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_763_800_000))  // Saturday 2025-11-22 08:26 UTC
        try await TestApp.run(backend, clock: clock) { client in
            let ana = bearer(try await client.accessToken("ana"))
            let ben = bearer(try await client.accessToken("ben"))
            let cyd = bearer(try await client.accessToken("cyd"))
            for auth in [ana, ben] {
                _ = try await client.send(
                    .put, "/api/user/preferences", body: #"{"public_leaderboard": true}"#, headers: auth)
            }
            // Yesterday ben led; today ana does, and cyd (private) beats both.
            clock.advance(by: -86_400)
            try await submit(client, ben, clock, minutes: 50)
            try await submit(client, ana, clock, minutes: 25)
            clock.advance(by: 86_400)
            try await submit(client, ana, clock, minutes: 75)
            try await submit(client, ben, clock, minutes: 25)
            try await submit(client, ben, clock, minutes: 25)
            try await submit(client, cyd, clock, minutes: 100)

            let daily = try await client.send(.get, "/api/leaderboard", headers: ana)
            #expect(daily.status == .ok, "\(daily)")
            let rows = try #require(daily.json["leaderboard"] as? [[String: Any]])
            #expect(rows.compactMap { $0["username"] as? String } == ["ana", "ben"])
            #expect(rows[0]["points"] as? Double == 3.0)
            #expect(rows[0]["is_current_user"] as? Bool == true)
            #expect(rows[0]["streak"] as? Int == 2)
            let rank = try #require(daily.json["user_rank"] as? [String: Any])
            // One ranking in both places: among the public users (and the caller). Cyd, private,
            // is not counted, so nothing in ana's answer tells cyd's points.
            #expect(rows[0]["rank"] as? Int == 1)
            #expect(rank["current_rank"] as? Int == 1)
            #expect(rank["total_participants"] as? Int == 2)
            #expect(rank["rank_change"] as? String == "+1")  // yesterday ben led
            #expect(rank["points_behind_leader"] as? Double == 0.0)
            let info = try #require(daily.json["period_info"] as? [String: Any])
            #expect(info["start_date"] as? String == "2025-11-22")
            #expect(info["public_users"] as? Int == 2)

            let benView = try await client.send(.get, "/api/leaderboard?metric=sessions", headers: ben)
            #expect((benView.json["leaderboard"] as? [[String: Any]])?.first?["username"] as? String == "ben")
            let benRank = try #require(benView.json["user_rank"] as? [String: Any])
            #expect(benRank["current_rank"] as? Int == 1)
            let cydView = try await client.send(.get, "/api/leaderboard?include_rank=false", headers: cyd)
            #expect(cydView.json["user_rank"] == nil)
            // Cyd, private, is not listed but learns where they stand among the public.
            let cydRank = try await client.send(.get, "/api/leaderboard", headers: cyd)
            let cydRows = try #require(cydRank.json["leaderboard"] as? [[String: Any]])
            #expect(cydRows.compactMap { $0["username"] as? String } == ["ana", "ben"])
            #expect(cydRows.compactMap { $0["rank"] as? Int } == [2, 3])
            #expect((cydRank.json["user_rank"] as? [String: Any])?["current_rank"] as? Int == 1)
            #expect((cydRank.json["user_rank"] as? [String: Any])?["total_participants"] as? Int == 3)
            let weekly = try await client.send(.get, "/api/leaderboard?period=weekly&limit=1", headers: ana)
            let weekRows = try #require(weekly.json["leaderboard"] as? [[String: Any]])
            #expect(weekRows.count == 1)
            #expect((weekly.json["period_info"] as? [String: Any])?["start_date"] as? String == "2025-11-17")
            let allTime = try await client.send(.get, "/api/leaderboard?period=all_time", headers: ana)
            #expect((allTime.json["leaderboard"] as? [[String: Any]])?.first?["points"] as? Double == 4.0)

            for bad in ["period=yearly", "metric=karma", "limit=0", "limit=101", "include_rank=perhaps"] {
                let reply = try await client.send(.get, "/api/leaderboard?\(bad)", headers: ana)
                #expect(reply.status == .badRequest, "\(bad): \(reply)")
            }
        }
    }
}
