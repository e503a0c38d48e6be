import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoTestSupport
import Testing

@Suite struct TodayTasksTests {
    @Test(arguments: TestBackend.available)
    func executingCountsTowardTheDaysTargetInTheUsersTimeZone(_ backend: TestBackend) async throws {
        // 2025-11-22 08:26 UTC is 17:26 in Tokyo; 15 hours later it is the 23rd there.
        let clock = ManualClock(Date(timeIntervalSince1970: 1_763_800_000))
        try await TestApp.runWithDatabase(backend, clock: clock) { client, database in
            let registered = try await client.send(
                .post, "/api/auth/register",
                body:
                    #"{"username": "ana", "email": "ana@example.com", "password": "password-123", "timezone": "Asia/Tokyo"}"#
            )
            let auth = bearer(try #require(registered.json["access_token"] as? String))
            let water = try await Fixtures.insertTask(database, userId: 1, name: "Water", timeLabel: "朝 7時", target: 2)
            let write = try await Fixtures.insertTask(database, userId: 1, name: "Write")
            _ = try await Fixtures.insertTask(database, userId: 1, name: "Old", status: "completed")

            let today = try await client.send(.get, "/api/v1/tasks/today", headers: auth)
            #expect(today.status == .ok, "\(today)")
            let items = try #require(today.json["data"] as? [[String: Any]])
            #expect(items.compactMap { $0["title"] as? String } == ["Water", "Write"])
            #expect(items[0]["timeLabel"] as? String == "朝 7時")
            // TaskWorks' "any time", never null: the SketchyBar plugin's tab-separated read
            // collapsed an empty field and drew `No label (1) [/0]`.
            #expect(items[1]["timeLabel"] as? String == "いつでも")
            #expect(items[0]["status"] as? String == "todo")
            #expect(items[0]["target"] as? Int == 2)
            #expect(items[0]["completed"] as? Int == 0)

            let once = try await client.send(.post, "/api/v1/tasks/\(water)/execute", headers: auth)
            #expect(once.data["completed"] as? Int == 1)
            #expect(once.data["status"] as? String == "todo")
            let twice = try await client.send(.post, "/api/v1/tasks/\(water)/execute", headers: auth)
            #expect(
                twice.body == #"{"data":{"completed":2,"status":"done","target":2,"taskId":"\#(water)"},"error":null}"#)
            let single = try await client.send(.post, "/api/v1/tasks/\(write)/execute", headers: auth)
            #expect(single.data["status"] as? String == "done")

            clock.advance(by: 15 * 3600)
            let tomorrow = try await client.send(.get, "/api/v1/tasks/today", headers: auth)
            let fresh = try #require(tomorrow.json["data"] as? [[String: Any]])
            #expect(fresh.compactMap { $0["completed"] as? Int } == [0, 0])
        }
    }

    @Test(arguments: TestBackend.available)
    func anotherUsersTaskCannotBeExecutedOrSeen(_ backend: TestBackend) async throws {
        try await TestApp.runWithDatabase(backend) { client, database in
            let ana = bearer(try await client.accessToken("ana"))
            let jwt = try await client.accessToken("ben")
            let task = try await Fixtures.insertTask(database, userId: 1)
            let key = try #require(
                try await client.send(.post, "/api/v1/auth/api-keys", body: #"{"name": "k"}"#, headers: bearer(jwt))
                    .data["token"] as? String)
            let ben: HTTPFields = [.authorization: "ApiKey \(key)"]
            let steal = try await client.send(.post, "/api/v1/tasks/\(task)/execute", headers: ben)
            #expect(steal.status == .notFound)
            #expect(steal.json["error"] as? String == "not_found")
            let list = try await client.send(.get, "/api/v1/tasks/today", headers: ben)
            #expect(list.body == #"{"data":[],"error":null}"#)
            let mine = try await client.send(.get, "/api/v1/tasks/today", headers: ana)
            #expect((mine.json["data"] as? [[String: Any]])?.first?["completed"] as? Int == 0)
        }
    }
}
