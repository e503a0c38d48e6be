import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoTestSupport
import Testing

@Suite struct TeamsTests {
    static func submit(_ project: String, _ uuid: String = UUID().uuidString) -> String {
        """
        {"start_time": "2025-11-22T08:00:00Z", "end_time": "2025-11-22T08:25:00Z", "duration": 25,
         "category": "Work", "project": "\(project)", "note": "", "source": "web_timer", "session_id": "\(uuid)"}
        """
    }

    @Test(arguments: TestBackend.available)
    func teamAdminsManageMembersAndOnlyMembersUseTeamProjects(_ backend: TestBackend) async throws {
        try await TestApp.run(backend, clock: ManualClock(Date(timeIntervalSince1970: 1_763_800_000))) { client in
            let root = bearer(try await client.accessToken("root"))
            let ana = bearer(try await client.accessToken("ana"))
            let ben = bearer(try await client.accessToken("ben"))

            let refused = try await client.send(
                .post, "/api/teams", body: #"{"name": "X", "slug": "x-team"}"#, headers: ana)
            #expect(refused.status == .forbidden)
            let created = try await client.send(
                .post, "/api/teams", body: #"{"name": "Marketing Team", "slug": "marketing", "description": "d"}"#,
                headers: root)
            #expect(created.status == .created, "\(created)")
            #expect(created.json["slug"] as? String == "marketing")
            #expect(created.json["member_count"] as? Int == 1)
            let duplicate = try await client.send(
                .post, "/api/teams", body: #"{"name": "M", "slug": "marketing"}"#, headers: root)
            #expect(duplicate.status == .conflict)

            let promote = try await client.send(
                .post, "/api/teams/marketing/members", body: #"{"username": "ana", "role": "admin"}"#, headers: root)
            #expect(promote.status == .created, "\(promote)")
            let byMember = try await client.send(
                .post, "/api/teams/marketing/members", body: #"{"username": "ben"}"#, headers: ben)
            #expect(byMember.status == .forbidden)

            let project = try await client.send(
                .post, "/api/team-projects",
                body:
                    ##"{"team": "marketing", "name": "Website Redesign", "color": "#10B981", "slack_channel": "#web", "webhook_url": "http://127.0.0.1:9/x"}"##,
                headers: ana)
            #expect(project.status == .created, "\(project)")
            let id = try #require(project.json["id"] as? String)
            #expect(id.hasPrefix("team_"))
            #expect(project.json["team_name"] as? String == "Marketing Team")
            #expect(project.json["type"] as? String == "team")
            let badHook = try await client.send(
                .post, "/api/team-projects", body: #"{"team": "marketing", "name": "Y", "webhook_url": "ftp://x"}"#,
                headers: ana)
            #expect(badHook.json["field"] as? String == "webhook_url")

            #expect(
                try await client.send(.post, "/api/pomodoro/submit", body: Self.submit(id), headers: ben).status
                    == .forbidden)
            let added = try await client.send(
                .post, "/api/teams/marketing/members", body: #"{"username": "ben"}"#, headers: ana)
            #expect(added.json["role"] as? String == "member")
            #expect(
                try await client.send(.post, "/api/pomodoro/submit", body: Self.submit(id), headers: ben).status
                    == .created)
            let byBen = try await client.send(
                .post, "/api/team-projects", body: #"{"team": "marketing", "name": "Mine"}"#, headers: ben)
            #expect(byBen.status == .forbidden)

            let team = try await client.send(.get, "/api/teams/marketing", headers: ben)
            let members = try #require(team.json["members"] as? [[String: Any]])
            #expect(members.compactMap { $0["username"] as? String } == ["root", "ana", "ben"])
            let ownList = try await client.send(.get, "/api/teams", headers: ben)
            #expect((ownList.json["teams"] as? [[String: Any]])?.first?["member_count"] as? Int == 3)
            // No login, no list; someone outside the team sees neither it nor its members.
            #expect(try await client.send(.get, "/api/teams").status == .forbidden)
            let carl = bearer(try await client.accessToken("carl"))
            let outside = try await client.send(.get, "/api/teams", headers: carl)
            #expect((outside.json["teams"] as? [[String: Any]])?.isEmpty == true, "\(outside)")
            #expect(try await client.send(.get, "/api/teams/marketing", headers: carl).status == .notFound)

            let removed = try await client.send(.delete, "/api/teams/marketing/members/ben", headers: ana)
            #expect(removed.status == .ok)
            #expect(
                try await client.send(.post, "/api/pomodoro/submit", body: Self.submit(id), headers: ben).status
                    == .forbidden)
            #expect(
                try await client.send(.delete, "/api/teams/marketing/members/ben", headers: ana).status == .notFound)
            #expect(try await client.send(.get, "/api/teams/nope", headers: ana).status == .notFound)
        }
    }

    @Test(arguments: TestBackend.available)
    func membersCanLeaveButTheCreatorAndTheLastAdminStay(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let root = bearer(try await client.accessToken("root"))
            let ana = bearer(try await client.accessToken("ana"))
            let ben = bearer(try await client.accessToken("ben"))
            _ = try await client.send(.post, "/api/teams", body: #"{"name": "Ops", "slug": "ops"}"#, headers: root)
            for (name, role) in [("ana", "admin"), ("ben", "member")] {
                let added = try await client.send(
                    .post, "/api/teams/ops/members", body: #"{"username": "\#(name)", "role": "\#(role)"}"#,
                    headers: root)
                #expect(added.status == .created, "\(added)")
            }
            // A member added without asking can leave (it was a 403).
            let left = try await client.send(.delete, "/api/teams/ops/members/ben", headers: ben)
            #expect(left.status == .ok, "\(left)")
            #expect((try await client.send(.get, "/api/teams", headers: ben).json["teams"] as? [Any])?.isEmpty == true)
            // A team admin cannot remove or demote the team's creator.
            let removeCreator = try await client.send(.delete, "/api/teams/ops/members/root", headers: ana)
            #expect(removeCreator.status == .forbidden, "\(removeCreator)")
            let demoteCreator = try await client.send(
                .post, "/api/teams/ops/members", body: #"{"username": "root", "role": "member"}"#, headers: ana)
            #expect(demoteCreator.status == .forbidden, "\(demoteCreator)")
            // The last admin cannot leave nor be demoted: the team would have none.
            let demoted = try await client.send(
                .post, "/api/teams/ops/members", body: #"{"username": "ana", "role": "member"}"#, headers: root)
            #expect(demoted.status == .created, "\(demoted)")
            let lastLeaves = try await client.send(.delete, "/api/teams/ops/members/root", headers: root)
            #expect(lastLeaves.status == .conflict, "\(lastLeaves)")
            #expect(lastLeaves.json["error"] as? String == "A team needs an admin: make another member admin first")
            // Someone outside the team cannot remove anyone.
            let outsider = try await client.send(.delete, "/api/teams/ops/members/ana", headers: ben)
            #expect(outsider.status == .forbidden, "\(outsider)")
        }
    }
}
