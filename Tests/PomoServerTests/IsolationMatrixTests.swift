import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoStore
import PomoTestSupport
import Testing

/// The authorisation matrix for the Game and TaskWorks routes that take an id (Time Magic's is in
/// TimeMagicRulesTests): another user, another user's API key and no credentials are refused
/// with the same answer an unknown id gets, so nobody learns whether the id exists; lists never
/// show another user's rows; nothing of the owner's changes.
@Suite struct IsolationMatrixTests {
    struct Owned {
        var sessionId: String
        var sessionUUID: String
        var plannedUUID: String
        var keyId: String
        var taskId: String
        var teamProject: String
    }

    /// Ana's things: a completed session, a running plan, an API key, a task and a team project.
    static func seed(_ client: any TestClientProtocol, _ database: PomoDatabase, ana: HTTPFields) async throws -> Owned
    {
        let uuid = UUID().uuidString.lowercased()
        let submitted = try await client.send(
            .post, "/api/pomodoro/submit",
            body: """
                {"start_time": "2025-11-22T07:00:00Z", "end_time": "2025-11-22T07:25:00Z", "duration": 25,
                 "category": "Work", "project": "Mine", "note": "private", "source": "pomo_cli", "session_id": "\(uuid)"}
                """, headers: ana)
        let sessionId = try #require(submitted.json["session_id"] as? String, "\(submitted)")
        let planned = UUID().uuidString.lowercased()
        let plan = try await client.send(
            .post, "/api/session/start",
            body: #"{"session_id": "\#(planned)", "planned_duration": 25, "category": "Deep", "source": "pomo_cli"}"#,
            headers: ana)
        #expect(plan.status == .created, "\(plan)")
        let key = try await client.send(.post, "/api/v1/auth/api-keys", body: #"{"name": "k"}"#, headers: ana)
        let keyId = try #require(key.data["id"] as? String)
        let me = try await client.send(.get, "/api/v1/auth/me", headers: ana)
        let anaId = try #require(Int64(me.data["id"] as? String ?? ""))
        let taskId = try await Fixtures.insertTask(database, userId: anaId)
        let teamProject = try await Fixtures.insertTeamProject(database, ownerId: anaId, members: [anaId], name: "T")
        return Owned(
            sessionId: sessionId, sessionUUID: uuid, plannedUUID: planned, keyId: keyId, taskId: taskId,
            teamProject: "team_\(teamProject)")
    }

    @Test(arguments: TestBackend.available)
    func foreignIdsAreAnsweredLikeUnknownOnes(_ backend: TestBackend) async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_763_800_000))
        try await TestApp.runWithDatabase(backend, clock: clock) { client, database in
            let ana = bearer(try await client.accessToken("ana"))
            let owned = try await Self.seed(client, database, ana: ana)
            let bobJWT = bearer(try await client.accessToken("bob"))
            let bobKey = bearer(try await client.apiKey("bobby"))

            // (method, path with ana's id, the same path with an id nobody has, body)
            let routes: [(HTTPRequest.Method, String, String, String?)] = [
                (.get, "/api/pomodoro/\(owned.sessionId)", "/api/pomodoro/999999", nil),
                (.get, "/api/get_presession/\(owned.plannedUUID)", "/api/get_presession/\(UUID())", nil),
                (.post, "/api/v1/pomodoro/\(owned.sessionId)/complete", "/api/v1/pomodoro/999999/complete", nil),
                (.delete, "/api/v1/pomodoro/\(owned.sessionId)/cancel", "/api/v1/pomodoro/999999/cancel", nil),
                (
                    .post, "/api/v1/pomodoro/\(owned.sessionId)/evaluation", "/api/v1/pomodoro/999999/evaluation",
                    #"{"rating": 1, "note": "x"}"#
                ),
                (.post, "/api/v1/tasks/\(owned.taskId)/execute", "/api/v1/tasks/\(UUID())/execute", nil),
                (.get, "/api/team-projects/\(owned.teamProject)", "/api/team-projects/team_999999", nil),
                (
                    .get, "/api/team-projects/\(owned.teamProject)/webhook", "/api/team-projects/team_999999/webhook",
                    nil
                ),
                (
                    .put, "/api/team-projects/\(owned.teamProject)/webhook", "/api/team-projects/team_999999/webhook",
                    #"{"webhook_url": "http://127.0.0.1:9/evil"}"#
                ),
            ]
            for (method, foreign, unknown, body) in routes {
                for caller in [bobJWT, bobKey] {
                    let theirs = try await client.send(method, foreign, body: body, headers: caller)
                    let nobodys = try await client.send(method, unknown, body: body, headers: caller)
                    // Team projects say 403 to non-members, as the Game documents; the rest 404.
                    #expect([403, 404].contains(theirs.status.code), "\(method) \(foreign): \(theirs)")
                    #expect(
                        theirs.status == nobodys.status || foreign.hasSuffix(owned.teamProject), "\(foreign)")
                    #expect(!theirs.body.contains("private") && !theirs.body.contains("Mine"))
                }
                let anonymous = try await client.send(method, foreign, body: body)
                #expect([401, 403].contains(anonymous.status.code), "anonymous \(foreign): \(anonymous)")
            }
            // API keys: revoking or rotating ana's key as bob is "not found".
            for (method, path) in [
                (HTTPRequest.Method.delete, "/api/v1/auth/api-keys/\(owned.keyId)"),
                (.post, "/api/v1/auth/api-keys/\(owned.keyId)/rotate"),
            ] {
                #expect(try await client.send(method, path, headers: bobJWT).status == .notFound, "\(path)")
            }
            // Cancelling ana's running plan by its uuid does not touch it.
            let cancel = try await client.send(
                .post, "/api/session/cancel",
                body:
                    #"{"session_id": "\#(owned.plannedUUID)", "planned_duration": 25, "elapsed_minutes": 5, "source": "x"}"#,
                headers: bobJWT)
            #expect(cancel.status.code >= 400, "\(cancel)")

            // Lists show only the caller's rows.
            for path in ["/api/v1/pomodoro/history", "/api/v1/tasks/today", "/api/v1/auth/api-keys", "/api/projects"] {
                let listed = try await client.send(.get, path, headers: bobJWT)
                #expect(!listed.body.contains(owned.sessionUUID) && !listed.body.contains(owned.taskId), "\(path)")
                #expect(!listed.body.contains("Mine") && !listed.body.contains("\"k\""), "\(path): \(listed)")
            }
            #expect(try await client.send(.get, "/api/v1/pomodoro", headers: bobJWT).body.contains(#""data":null"#))

            // validate: ana's things are as she left them
            let plan = try await client.send(.get, "/api/get_presession/\(owned.plannedUUID)", headers: ana)
            #expect((plan.json["presession"] as? [String: Any])?["status"] as? String == "active", "\(plan)")
            let keys = try await client.send(.get, "/api/v1/auth/api-keys", headers: ana)
            #expect(keys.body.contains(owned.keyId))
            let detail = try await client.send(.get, "/api/pomodoro/\(owned.sessionId)", headers: ana)
            #expect(detail.status == .ok)
        }
    }
}
