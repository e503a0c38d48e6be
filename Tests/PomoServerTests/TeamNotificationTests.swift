import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PomoCore
import PomoStore
import PomoTestSupport
import SQLKit
import Synchronization
import Testing

/// A Slack-style incoming webhook on loopback that records what it receives.
final class WebhookReceiver: Sendable {
    let received = Mutex<[String]>([])

    func application() -> some ApplicationProtocol {
        let router = Router()
        router.post("hook") { request, _ -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 1 << 16)
            self.received.withLock { $0.append(String(buffer: body)) }
            return .ok
        }
        router.post("fail") { _, _ -> HTTPResponse.Status in .internalServerError }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    /// Waits (at most 10 s) until `count` posts have arrived.
    func waitFor(_ count: Int) async throws -> [String] {
        for _ in 0..<200 {
            let now = received.withLock { $0 }
            if now.count >= count { return now }
            try await Task.sleep(for: .milliseconds(50))
        }
        return received.withLock { $0 }
    }
}

@Suite struct TeamNotificationTests {
    /// The outbox's deliveries to the project whose webhook fails.
    static func failing(_ columns: String) -> SQLQueryString {
        SQLQueryString(
            "SELECT \(columns) FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE w.url LIKE '%/fail'"
        )
    }

    @Test(arguments: TestBackend.available)
    func aTeamHearsOfPlannedAndCompletedSessionsAndAFailingHookFailsNothing(_ backend: TestBackend) async throws {
        let receiver = WebhookReceiver()
        try await receiver.application().test(.live) { hook in
            let base = "http://127.0.0.1:\(try #require(hook.port))"
            try await TestApp.runWithDatabase(backend, clock: ManualClock(Date(timeIntervalSince1970: 1_763_800_000))) {
                client, database in
                let root = bearer(try await client.accessToken("root"))
                let ana = bearer(try await client.accessToken("ana"))
                _ = try await client.send(.post, "/api/teams", body: #"{"name": "Web", "slug": "web"}"#, headers: root)
                _ = try await client.send(.post, "/api/teams/web/members", body: #"{"username": "ana"}"#, headers: root)
                let good = try await client.send(
                    .post, "/api/team-projects",
                    body: #"{"team": "web", "name": "Redesign", "webhook_url": "\#(base)/hook"}"#, headers: root)
                let bad = try await client.send(
                    .post, "/api/team-projects",
                    body: #"{"team": "web", "name": "Broken", "webhook_url": "\#(base)/fail"}"#, headers: root)
                let goodId = try #require(good.json["id"] as? String)
                let badId = try #require(bad.json["id"] as? String)

                let uuid = UUID().uuidString.lowercased()
                let start = try await client.send(
                    .post, "/api/session/start",
                    body:
                        #"{"session_id": "\#(uuid)", "planned_duration": 25, "category": "Doing", "project": "\#(goodId)", "planning_notes": "hero", "source": "web_timer"}"#,
                    headers: ana)
                #expect(start.status == .created, "\(start)")
                let submit = """
                    {"start_time": "2025-11-22T08:26:40Z", "end_time": "2025-11-22T08:51:40Z", "duration": 25,
                     "category": "Doing", "project": "\(goodId)", "note": "", "source": "web_timer", "session_id": "\(uuid)"}
                    """
                // The plan was made at 08:26:40 on the test clock; the submit may come as soon as it ends.
                #expect(
                    try await client.send(.post, "/api/pomodoro/submit", body: submit, headers: ana).status == .created)
                let posts = try await receiver.waitFor(2)
                #expect(posts.count == 2)
                #expect(posts.contains { $0.contains("ana started 25 min on Redesign (Doing): hero") })
                #expect(posts.contains { $0.contains("ana completed 25 min on Redesign (Doing)") })

                let failing = """
                    {"start_time": "2025-11-22T08:00:00Z", "end_time": "2025-11-22T08:25:00Z", "duration": 25,
                     "category": "Doing", "project": "\(badId)", "note": "", "source": "web_timer",
                     "session_id": "\(UUID().uuidString)"}
                    """
                #expect(
                    try await client.send(.post, "/api/pomodoro/submit", body: failing, headers: ana).status == .created
                )
                var attempts = 0
                for _ in 0..<200 where attempts == 0 {
                    try await Task.sleep(for: .milliseconds(50))
                    attempts = try await database.read { db in
                        try await db.raw(Self.failing("d.attempts")).first()?
                            .decode(column: "attempts", as: Int.self) ?? 0
                    }
                }
                #expect(attempts == 1)
                let status = try await database.read { db in
                    try await db.raw(Self.failing("d.status, d.last_error")).first()
                }
                #expect(try status?.decode(column: "status", as: String.self) == "pending")  // retried later
                #expect(try status?.decode(column: "last_error", as: String.self) == "127.0.0.1 answered 500")
            }
        }
    }
}
