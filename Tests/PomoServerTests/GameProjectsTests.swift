import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoTestSupport
import Testing

@Suite struct GameProjectsTests {
    @Test(arguments: TestBackend.available)
    func projectsListPersonalAndTeamProjectsWithTheCallersTotals(_ backend: TestBackend) async throws {
        try await TestApp.run(backend, clock: ManualClock(Date(timeIntervalSince1970: 1_763_800_000))) { client in
            let root = bearer(try await client.accessToken("root"))
            let ana = bearer(try await client.accessToken("ana"))
            let ben = bearer(try await client.accessToken("ben"))
            _ = try await client.send(
                .post, "/api/teams", body: #"{"name": "Marketing Team", "slug": "marketing"}"#, headers: root)
            _ = try await client.send(
                .post, "/api/teams/marketing/members", body: #"{"username": "ana"}"#, headers: root)
            let team = try await client.send(
                .post, "/api/team-projects", body: #"{"team": "marketing", "name": "Website Redesign"}"#, headers: root)
            let teamId = try #require(team.json["id"] as? String)
            for (project, minutes) in [
                ("Mac App Development", 25), ("Mac App Development", 50), (teamId, 25), ("Book", 25),
            ] {
                let reply = try await client.send(
                    .post, "/api/pomodoro/submit",
                    body: """
                        {"start_time": "2025-11-22T06:00:00Z", "end_time": "\(Timestamp.format(Date(timeIntervalSince1970: 1_763_791_200 + Double(minutes * 60))))",
                         "duration": \(minutes), "category": "Work", "project": "\(project)", "note": "", "source": "web_timer",
                         "session_id": "\(UUID().uuidString)"}
                        """, headers: ana)
                #expect(reply.status == .created, "\(reply)")
            }
            let listed = try await client.send(.get, "/api/projects?sort=sessions", headers: ana)
            #expect(listed.status == .ok, "\(listed)")
            let items = try #require(listed.json["projects"] as? [[String: Any]])
            #expect(items.first?["name"] as? String == "Mac App Development")
            #expect(items.first?["pomodoro_count"] as? Int == 2)
            #expect(items.first?["total_duration"] as? Int == 75)
            #expect(items.first?["total_points"] as? Double == 3.0)
            #expect((items.first?["id"] as? String)?.hasPrefix("personal_") == true)
            let teamItem = try #require(items.first { $0["type"] as? String == "team" })
            #expect(teamItem["team_name"] as? String == "Marketing Team")
            #expect((listed.json["summary"] as? [String: Any])?["total_projects"] as? Int == 3)

            let onlyTeam = try await client.send(.get, "/api/projects?type=team", headers: ana)
            #expect((onlyTeam.json["projects"] as? [[String: Any]])?.count == 1)
            let byName = try await client.send(.get, "/api/all-projects?sort=name", headers: ana)
            #expect(
                (byName.json["projects"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
                    == ["Book", "Mac App Development", "Website Redesign"])
            let teamProjects = try await client.send(.get, "/api/team-projects", headers: ana)
            #expect((teamProjects.json["projects"] as? [[String: Any]])?.count == 1)
            #expect(try await client.send(.get, "/api/team-projects/\(teamId)", headers: ana).status == .ok)
            #expect(try await client.send(.get, "/api/team-projects/\(teamId)", headers: ben).status == .forbidden)
            let bens = try await client.send(.get, "/api/projects", headers: ben)
            #expect((bens.json["projects"] as? [Any])?.isEmpty == true)
            for bad in ["type=secret", "sort=size", "include_inactive=maybe"] {
                #expect(try await client.send(.get, "/api/projects?\(bad)", headers: ana).status == .badRequest)
            }
        }
    }
}

/// A refused start leaves nothing behind: the project it named was created before the refusal.
@Suite struct RefusedStartTests {
    @Test(arguments: TestBackend.available)
    func aStartRefusedForARunningSessionCreatesNoProject(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let auth = bearer(try await client.accessToken("ana"))
            let body = { (project: String) in
                #"{"session_id": "\#(UUID().uuidString)", "planned_duration": 25, "category": "Work", "project": "\#(project)", "source": "web_timer"}"#
            }
            let first = try await client.send(.post, "/api/session/start", body: body("Site"), headers: auth)
            #expect(first.status == .created, "\(first)")

            // MUT
            let refused = try await client.send(.post, "/api/session/start", body: body("Garden"), headers: auth)

            // validate
            #expect(refused.status.code == 409, "\(refused)")
            let projects = try await client.send(.get, "/api/projects", headers: auth)
            let names = (projects.json["projects"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(names.contains("Site") && !names.contains("Garden"), "\(names)")
        }
    }
}
