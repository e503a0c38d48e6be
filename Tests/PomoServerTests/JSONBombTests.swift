import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoTestSupport
import Testing

/// Bodies built to make decoding expensive: nested arrays cost a `JSONDecoder` probe per kind and
/// level, each throwing an error with the whole coding path (a 1 KB body took 5 s of CPU). Each
/// is answered in linear time, free-form JSON is capped in depth and size, and what is stored reads
/// back fast. The bound below is far above the linear cost and far below the old one.
@Suite struct JSONBombTests {
    static func nested(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    }

    /// A wall-clock bound generous enough for a loaded debug build: the linear decode of these
    /// bodies takes milliseconds, the probing one took seconds each.
    static let bound: Duration = .seconds(2)

    static func timed(_ work: () async throws -> Reply) async throws -> (Reply, Duration) {
        let clock = ContinuousClock()
        let start = clock.now
        let reply = try await work()
        return (reply, clock.now - start)
    }

    @Test(arguments: TestBackend.available)
    func nestedArraysInFreeFormJSONAreAnsweredInLinearTime(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let key = bearer(try await client.apiKey("eve"))
            let jwt = bearer(try await client.accessToken("ana"))
            let project = try await client.send(
                .post, "/api/projects", body: #"{"project": {"name": "P"}}"#, headers: key)
            let uuid = try #require(project.json["uuid"] as? String)

            // MUT: the attack as reported, 500 levels under a task's data
            let (deep, deepTime) = try await Self.timed {
                try await client.send(
                    .post, "/api/projects/\(uuid)/tasks",
                    body: #"{"task":{"name":"d","data":{"x":\#(Self.nested(500))}}}"#, headers: key)
            }
            #expect(deep.status == .unprocessableContent, "\(deep)")
            #expect(deep.body == #"{"errors":{"data":["is nested more than 32 levels deep"]}}"#)
            #expect(deepTime < Self.bound, "\(deepTime)")

            // Within the depth cap but as many nested arrays as fit: refused for its size, quickly.
            let many = Array(repeating: Self.nested(30), count: 5_000).joined(separator: ",")
            let (wide, wideTime) = try await Self.timed {
                try await client.send(
                    .post, "/api/projects/\(uuid)/tasks", body: #"{"task":{"name":"w","data":{"x":[\#(many)]}}}"#,
                    headers: key)
            }
            #expect(wide.status == .unprocessableContent, "\(wide)")
            #expect(wide.body.contains("is longer than 65536 bytes of JSON"))
            #expect(wideTime < Self.bound, "\(wideTime)")

            // The largest data allowed is stored and listed back fast, as often as asked.
            let allowed = Array(repeating: Self.nested(30), count: 1_000).joined(separator: ",")
            for name in ["a", "b", "c", "d"] {
                let stored = try await client.send(
                    .post, "/api/projects/\(uuid)/tasks",
                    body: #"{"task":{"name":"\#(name)","data":{"x":[\#(allowed)]}}}"#, headers: key)
                #expect(stored.status == .created, "\(stored)")
            }
            let (list, listTime) = try await Self.timed {
                try await client.send(.get, "/api/projects/\(uuid)/tasks", headers: key)
            }
            #expect(list.status == .ok)
            #expect(list.array.count == 4)
            #expect(listTime < Self.bound, "\(listTime)")

            // TaskWorks' loosely typed fields and a Game body with a number JSONDecoder refuses.
            let (taskWorks, taskWorksTime) = try await Self.timed {
                try await client.send(
                    .post, "/api/v1/pomodoro", body: #"{"duration_minutes": 25, "task_id": \#(Self.nested(500))}"#,
                    headers: jwt)
            }
            #expect(taskWorks.status.code < 500, "\(taskWorks)")
            #expect(taskWorksTime < Self.bound, "\(taskWorksTime)")
            let (game, gameTime) = try await Self.timed {
                try await client.send(
                    .post, "/api/pomodoro/submit",
                    body: #"{"y": 0e2, "z": \#(Self.nested(500)), "start_time": "2025-11-22T07:00:00Z"}"#,
                    headers: jwt)
            }
            #expect(game.status == .badRequest, "\(game)")
            #expect(gameTime < Self.bound, "\(gameTime)")
        }
    }
}
