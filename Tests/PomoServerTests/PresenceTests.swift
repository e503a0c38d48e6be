import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoTestSupport
import Testing

@Suite struct PresenceTests {
    static func plan(_ client: any TestClientProtocol, _ auth: HTTPFields, project: String) async throws {
        let reply = try await client.send(
            .post, "/api/session/start",
            body:
                #"{"session_id": "\#(UUID().uuidString)", "planned_duration": 25, "category": "Deep", "project": "\#(project)", "source": "web_timer"}"#,
            headers: auth)
        #expect(reply.status == .created, "\(reply)")
    }

    @Test(arguments: TestBackend.available)
    func teammatesSeeWhoFocusesOnWhatAndOthersOnlyTheCount(_ backend: TestBackend) async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_763_800_000))
        try await TestApp.run(backend, clock: clock) { client in
            let root = bearer(try await client.accessToken("root"))
            let ana = bearer(try await client.accessToken("ana"))
            let carl = bearer(try await client.accessToken("carl"))
            _ = try await client.send(.post, "/api/teams", body: #"{"name": "Core", "slug": "core"}"#, headers: root)
            _ = try await client.send(
                .post, "/api/teams/core/members", body: #"{"username": "ana"}"#, headers: root)
            let project = try await client.send(
                .post, "/api/team-projects", body: #"{"team": "core", "name": "Launch"}"#, headers: root)
            let teamProject = try #require(project.json["id"] as? String, "\(project)")

            // MUT: ana on the team project, root on a personal one, carl (no team) on his own
            try await Self.plan(client, ana, project: teamProject)
            try await Self.plan(client, root, project: "Private plans")
            try await Self.plan(client, carl, project: "Secret")

            // validate
            let seen = try await client.send(.get, "/api/v1/presence", headers: root)
            #expect(seen.status == .ok, "\(seen)")
            #expect(seen.data["count"] as? Int == 3)
            let team = try #require(seen.data["team"] as? [[String: Any]])
            #expect(team.map { $0["username"] as? String } == ["ana", "root"])
            #expect(team.first?["project"] as? String == "Launch")
            #expect(team.first?["category"] as? String == "Deep")
            #expect(team.first?["ends_at"] as? String == "2025-11-22T08:51:40Z")
            #expect(team.last?["project"] is NSNull)
            let alone = try await client.send(.get, "/api/v1/presence", headers: carl)
            #expect((alone.data["team"] as? [[String: Any]])?.map { $0["username"] as? String } == ["carl"])
            #expect(!alone.body.contains("Launch") && !alone.body.contains("Private plans"))

            clock.advance(by: 31 * 60)
            let later = try await client.send(.get, "/api/v1/presence", headers: root)
            #expect(later.data["count"] as? Int == 0)
            #expect((later.data["team"] as? [Any])?.isEmpty == true)
            #expect(try await client.send(.get, "/api/v1/presence").status == .unauthorized)
        }
    }
}
