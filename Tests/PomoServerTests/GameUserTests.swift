import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoTestSupport
import Testing

@Suite struct GameUserTests {
    @Test(arguments: TestBackend.available)
    func userDataCountsSessionsFromEveryDialect(_ backend: TestBackend) async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_763_800_000))
        try await TestApp.run(backend, clock: clock) { client in
            let auth = bearer(try await client.accessToken("ana"))
            let started = try await client.send(
                .post, "/api/v1/pomodoro", body: #"{"duration_minutes": 25}"#, headers: auth)
            clock.advance(by: 25 * 60)
            _ = try await client.send(
                .post, "/api/v1/pomodoro/\(started.data["id"] as? String ?? "")/complete", headers: auth)
            let submit = """
                {"start_time": "2025-11-22T09:00:00Z", "end_time": "2025-11-22T09:50:00Z", "duration": 50,
                 "category": "Writing", "project": "Book", "note": "", "source": "web_timer",
                 "session_id": "39440f6c-26cb-434d-a024-14caef17f3e0"}
                """
            clock.set(Date(timeIntervalSince1970: 1_763_805_120))  // 09:52
            #expect(
                try await client.send(.post, "/api/pomodoro/submit", body: submit, headers: auth).status == .created)

            let data = try await client.send(.get, "/api/user/data", headers: auth)
            #expect(data.status == .ok, "\(data)")
            #expect(data.json["userId"] as? String == "1")
            let points = try #require(data.json["points"] as? [String: Any])
            #expect(points["today"] as? Double == 3.0)
            #expect(points["total"] as? Double == 3.0)
            let stats = try #require(data.json["session_stats"] as? [String: Any])
            #expect(stats["total_sessions"] as? Int == 2)
            #expect(stats["total_minutes"] as? Int == 75)
            #expect((data.json["streaks"] as? [String: Any])?["current"] as? Int == 1)
            #expect((data.json["preferences"] as? [String: Any])?["default_duration"] as? Int == 25)
        }
    }

    @Test(arguments: TestBackend.available)
    func preferencesUpdatePartlyWithinTheDocumentedRanges(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let auth = bearer(try await client.accessToken("ana"))
            let updated = try await client.send(
                .put, "/api/user/preferences",
                body:
                    #"{"default_duration": 45, "theme_preference": "dark", "timezone": "America/New_York", "public_leaderboard": true}"#,
                headers: auth)
            #expect(updated.status == .ok, "\(updated)")
            #expect(updated.json["message"] as? String == "Preferences updated successfully")
            #expect((updated.json["updated_preferences"] as? [String: Any])?.count == 4)
            let data = try await client.send(.get, "/api/user/data", headers: auth)
            #expect(data.json["timezone"] as? String == "America/New_York")
            let preferences = try #require(data.json["preferences"] as? [String: Any])
            #expect(preferences["default_duration"] as? Int == 45)
            #expect(preferences["theme_preference"] as? String == "dark")
            #expect(preferences["daily_goal"] as? Int == 8)

            for (body, field) in [
                (#"{"daily_goal": 21}"#, "daily_goal"), (#"{"default_duration": 4}"#, "default_duration"),
                (#"{"short_break_duration": 31}"#, "short_break_duration"),
                (#"{"long_break_duration": 61}"#, "long_break_duration"),
                (#"{"notification_sound": "gong"}"#, "notification_sound"),
                (#"{"theme_preference": "pink"}"#, "theme_preference"),
                (#"{"focus_mode": "zen"}"#, "focus_mode"), (#"{"timezone": "Moon/Base"}"#, "timezone"),
                (#"{"public_leaderboard": "yes"}"#, "public_leaderboard"), (#"{"daily_goal": 2.5}"#, "daily_goal"),
            ] {
                let reply = try await client.send(.put, "/api/user/preferences", body: body, headers: auth)
                #expect(reply.status == .badRequest, "\(body): \(reply)")
                #expect(reply.json["field"] as? String == field, "\(body): \(reply)")
            }
            let after = try await client.send(.get, "/api/user/data", headers: auth)
            #expect((after.json["preferences"] as? [String: Any])?["default_duration"] as? Int == 45)
        }
    }
}
