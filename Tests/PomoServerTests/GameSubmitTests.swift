import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoStore
import PomoTestSupport
import SQLKit
import Testing

@Suite struct GameSubmitTests {
    /// 2025-08-17T14:57:00Z: two minutes after the documented example ends, inside the 4-minute window.
    static let now = Date(timeIntervalSince1970: 1_755_442_620)

    static func body(
        sessionId: String = "39440f6c-26cb-434d-a024-14caef17f3e0", project: String = "Mac App Development",
        note: String = "Productive session", extra: String = ""
    ) -> String {
        """
        {"start_time": "2025-08-17T14:30:00Z", "end_time": "2025-08-17T14:55:00Z", "duration": 25,
         "category": "Work", "project": "\(project)", "note": "\(note)", "source": "mac_app",
         "session_id": "\(sessionId)"\(extra)}
        """
    }

    @Test(arguments: TestBackend.available)
    func theDocumentedSubmitAnswers201WithEveryKeyAndType(_ backend: TestBackend) async throws {
        try await TestApp.run(backend, clock: ManualClock(Self.now)) { client in
            let auth = bearer(try await client.accessToken("ana"))
            let reply = try await client.send(.post, "/api/pomodoro/submit", body: Self.body(), headers: auth)
            #expect(reply.status == .created, "\(reply)")
            #expect(reply.json["success"] as? Bool == true)
            #expect(reply.json["message"] as? String == "Pomodoro session logged successfully")
            let pomodoro = try #require(reply.json["pomodoro"] as? [String: Any])
            let id = try #require(pomodoro["id"] as? Int)
            #expect(reply.json["session_id"] as? String == String(id))
            #expect(pomodoro["duration"] as? Int == 25)
            #expect(pomodoro["category"] as? String == "Work")
            #expect(pomodoro["project"] as? String == "Mac App Development")
            #expect(pomodoro["source"] as? String == "mac_app")
            #expect(pomodoro["start_time"] as? String == "2025-08-17T14:30:00Z")
            #expect(pomodoro["end_time"] as? String == "2025-08-17T14:55:00Z")
            #expect(pomodoro["date"] as? String == "2025-08-17")
            // Unplanned, so planning is 0.85 of a clean session.
            #expect(pomodoro["pof_score"] as? Int == 85)
            #expect(pomodoro["trustworthiness"] as? String == "High")
            #expect(pomodoro["points"] as? Double == 1.0)
            #expect(reply.json["duplicate"] == nil)

            let detail = try await client.send(.get, "/api/pomodoro/\(id)", headers: auth)
            let factors = try #require((detail.json["pomodoro"] as? [String: Any])?["pof_factors"] as? [String: Any])
            #expect(factors["planning"] as? Double == 0.85)
            #expect(factors["timing"] as? Double == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func aSubmitAfterTheFourMinuteWindowLosesTiming(_ backend: TestBackend) async throws {
        try await TestApp.run(backend, clock: ManualClock(Self.now.addingTimeInterval(180))) { client in
            let auth = bearer(try await client.accessToken("ana"))
            let reply = try await client.send(.post, "/api/pomodoro/submit", body: Self.body(), headers: auth)
            #expect((reply.json["pomodoro"] as? [String: Any])?["pof_score"] as? Int == 77)  // 100 × 0.85 × 0.9
        }
    }

    @Test(arguments: TestBackend.available)
    func aReplayReturnsTheOriginalAndADifferentBodyConflicts(_ backend: TestBackend) async throws {
        try await TestApp.run(backend, clock: ManualClock(Self.now)) { client in
            let auth = bearer(try await client.accessToken("ana"))
            let first = try await client.send(.post, "/api/pomodoro/submit", body: Self.body(), headers: auth)
            let again = try await client.send(.post, "/api/pomodoro/submit", body: Self.body(), headers: auth)
            #expect(again.status == .ok)
            #expect(again.json["duplicate"] as? Bool == true)
            #expect(again.json["session_id"] as? String == first.json["session_id"] as? String)
            let changed = try await client.send(
                .post, "/api/pomodoro/submit", body: Self.body(note: "something else"), headers: auth)
            #expect(changed.status == .conflict)
            #expect(changed.json["error"] is String)
            let other = try await client.send(
                .post, "/api/pomodoro/submit", body: Self.body(), headers: bearer(try await client.accessToken("ben")))
            #expect(other.status == .conflict)
        }
    }

    @Test(arguments: TestBackend.available)
    func twentyConcurrentReplaysStoreOneSession(_ backend: TestBackend) async throws {
        try await TestApp.runWithDatabase(backend, clock: ManualClock(Self.now)) { client, database in
            let auth = bearer(try await client.accessToken("ana"))
            let replies = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        let reply = try await client.send(
                            .post, "/api/pomodoro/submit", body: Self.body(), headers: auth)
                        return (reply.status.code, reply.json["session_id"] as? String)
                    }
                }
                return try await group.reduce(into: [(Int, String?)]()) { $0.append($1) }
            }
            #expect(replies.filter { $0.0 == 201 }.count == 1)
            #expect(replies.filter { $0.0 == 200 }.count == 19)
            #expect(Set(replies.map(\.1)).count == 1)
            let rows = try await database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM focus_sessions").first()!.decode(column: "n", as: Int.self)
            }
            #expect(rows == 1)
        }
    }

    static let invalid: [(String, String, String)] = [
        (#"{"start_time": "2025-08-17T14:30:00Z"}"#, "Missing required fields", "missing"),
        (body(extra: "").replacingOccurrences(of: #""note""#, with: #""notes""#), #"Use "note", not "notes""#, "note"),
        (
            body().replacingOccurrences(of: #""duration": 25"#, with: #""duration": "25""#),
            "duration must be a number", "duration"
        ),
        (body(sessionId: "not-a-uuid"), "session_id must be a UUID string", "session_id"),
        (
            body().replacingOccurrences(of: "14:55:00Z", with: "14:20:00Z"), "end_time must be after start_time",
            "end_time"
        ),
        (
            body().replacingOccurrences(of: #""duration": 25"#, with: #""duration": 20"#),
            "Duration does not match start/end time", "duration"
        ),
        (
            body().replacingOccurrences(of: "2025-08-17T14", with: "2025-08-18T14"), "start_time is in the future",
            "start_time"
        ),
        (
            body().replacingOccurrences(of: "14:55:00Z", with: "19:00:00Z").replacingOccurrences(
                of: #""duration": 25"#, with: #""duration": 270"#), "duration must be between 1 and 240 minutes",
            "duration"
        ),
        (
            body().replacingOccurrences(of: "2025-08-17T14:30:00Z", with: "yesterday"),
            "start_time must be an ISO 8601 date-time, e.g. 2025-08-17T14:30:00Z", "start_time"
        ),
    ]

    @Test(arguments: TestBackend.available)
    func everyBadSubmitIsA400WithASpecificMessage(_ backend: TestBackend) async throws {
        try await TestApp.run(backend, clock: ManualClock(Self.now)) { client in
            let auth = bearer(try await client.accessToken("ana"))
            for (body, message, field) in Self.invalid {
                let reply = try await client.send(.post, "/api/pomodoro/submit", body: body, headers: auth)
                #expect(reply.status == .badRequest, "\(message): \(reply)")
                #expect(reply.json["error"] as? String == message, "\(reply)")
                if field == "missing" {
                    #expect((reply.json["missing"] as? [String])?.contains("session_id") == true)
                } else {
                    #expect(reply.json["field"] as? String == field)
                }
            }
            let noSource = Self.body().replacingOccurrences(of: #""source": "mac_app","#, with: "")
            let refused = try await client.send(.post, "/api/pomodoro/submit", body: noSource, headers: auth)
            #expect(refused.json["missing"] as? [String] == ["source"])
            var withHeader = auth
            withHeader[.init("X-App-Identifier")!] = "RegardingWork-Mac-v1.0"
            let derived = try await client.send(.post, "/api/pomodoro/submit", body: noSource, headers: withHeader)
            #expect(derived.status == .created, "\(derived)")
            #expect((derived.json["pomodoro"] as? [String: Any])?["source"] as? String == "mac_app")
            let anonymous = try await client.send(.post, "/api/pomodoro/submit", body: Self.body())
            #expect(anonymous.status == .forbidden)
            #expect(anonymous.body == #"{"error":"Token required"}"#)
        }
    }

    @Test(arguments: TestBackend.available)
    func teamProjectsNeedMembershipAndPersonalOnesAreMadeOnFirstUse(_ backend: TestBackend) async throws {
        try await TestApp.runWithDatabase(backend, clock: ManualClock(Self.now)) { client, database in
            let ana = bearer(try await client.accessToken("ana"))
            let ben = bearer(try await client.accessToken("ben"))
            let team = try await Fixtures.insertTeamProject(
                database, ownerId: 1, members: [1], name: "Cross Border Summit")
            let member = try await client.send(
                .post, "/api/pomodoro/submit", body: Self.body(project: "team_\(team)"), headers: ana)
            #expect(member.status == .created, "\(member)")
            #expect((member.json["pomodoro"] as? [String: Any])?["project"] as? String == "Cross Border Summit")
            let outsider = try await client.send(
                .post, "/api/pomodoro/submit",
                body: Self.body(sessionId: "49440f6c-26cb-434d-a024-14caef17f3e0", project: "team_\(team)"),
                headers: ben)
            #expect(outsider.status == .forbidden)
            #expect(outsider.json["error"] as? String == "Not a team member")
            let alias = try await client.send(
                .post, "/api/pomodoro/submit",
                body: Self.body(sessionId: "59440f6c-26cb-434d-a024-14caef17f3e0").replacingOccurrences(
                    of: #""project": "Mac App Development""#, with: #""project_id": "Writing""#),
                headers: ben)
            #expect((alias.json["pomodoro"] as? [String: Any])?["project"] as? String == "Writing")
            let projects = try await database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM projects WHERE user_id = 2").first()!.decode(
                    column: "n", as: Int.self)
            }
            #expect(projects == 1)
        }
    }
}
