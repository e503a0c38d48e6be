import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoTestSupport
import Testing

@Suite struct BlocksTests {
    @Test(arguments: TestBackend.available)
    func windowsComeFromTheRunningSessionAndTimedTasks(_ backend: TestBackend) async throws {
        // 2025-11-22 08:26:40 UTC.
        let clock = ManualClock(Date(timeIntervalSince1970: 1_763_800_000))
        try await TestApp.runWithDatabase(backend, clock: clock) { client, database in
            let auth = bearer(try await client.accessToken("ana"))
            _ = try await Fixtures.insertTask(database, userId: 1, name: "Mail", timeLabel: "09:00-09:30")
            _ = try await Fixtures.insertTask(database, userId: 1, name: "Any", timeLabel: "いつでも")
            _ = try await client.send(.post, "/api/v1/pomodoro", body: #"{"duration_minutes": 25}"#, headers: auth)

            let reply = try await client.send(.get, "/api/v1/blocks/windows?date=2025-11-22&tz=UTC", headers: auth)
            #expect(reply.status == .ok, "\(reply)")
            let windows = try #require(
                try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [[String: Any]], "\(reply)")
            #expect(windows.map { $0["reason"] as? String } == ["pomodoro", "task:Mail"])
            #expect(windows[0]["start_at"] as? String == "2025-11-22T08:26:40Z")
            #expect(windows[0]["end_at"] as? String == "2025-11-22T08:51:40Z")
            #expect(windows[1]["start_at"] as? String == "2025-11-22T09:00:00Z")
            let policy = try #require(windows[0]["policy"] as? [String: Any])
            #expect(policy["mode"] as? String == "blocklist")
            #expect(policy["redirect_url"] is NSNull)

            let merged = try await client.send(
                .get, "/api/v1/blocks/windows?date=2025-11-22&tz=UTC&merge=true", headers: auth)
            #expect(merged.body.contains("pomodoro"))
            let focusOnly = try await client.send(
                .get, "/api/v1/blocks/windows?date=2025-11-22&tz=UTC&focus_only=true", headers: auth)
            #expect(!focusOnly.body.contains("task:"))
            let debug = try await client.send(
                .get, "/api/v1/blocks/windows?date=2025-11-22&tz=UTC&debug=true", headers: auth)
            #expect((debug.json["windows"] as? [Any])?.count == 2)
            #expect((debug.json["meta"] as? [String: Any])?["tz"] as? String == "UTC")
            let otherDay = try await client.send(
                .get, "/api/v1/blocks/windows?date=2025-11-23&tz=UTC&focus_only=true", headers: auth)
            #expect(otherDay.body == "[]")
        }
    }

    @Test(arguments: TestBackend.available)
    func apiKeysAreRefusedAndBadParametersNamed(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let jwt = try await client.accessToken("ana")
            let key = try #require(
                try await client.send(.post, "/api/v1/auth/api-keys", body: #"{"name": "k"}"#, headers: bearer(jwt))
                    .data["token"] as? String)
            let refused = try await client.send(
                .get, "/api/v1/blocks/windows", headers: [.authorization: "ApiKey \(key)"])
            #expect(refused.status == .unauthorized)
            #expect(refused.json["error"] as? String == "unauthorized")
            #expect(refused.json["message"] as? String == "ApiKey not supported for this endpoint")
            for (query, field) in [("tz=Mars/Base", "tz"), ("date=tomorrow", "date"), ("merge=maybe", "merge")] {
                let reply = try await client.send(.get, "/api/v1/blocks/windows?\(query)", headers: bearer(jwt))
                #expect(reply.status == .badRequest)
                #expect((reply.json["context"] as? [String: Any])?["field"] as? String == field)
            }
            #expect(try await client.send(.get, "/api/v1/blocks/windows", headers: bearer(jwt)).status == .ok)
        }
    }
}
