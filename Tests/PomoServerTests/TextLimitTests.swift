import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoTestSupport
import Testing

/// A user could store a 500 KB category and note in one session, and 500 projects with 100 KB
/// descriptions: every text field now has a maximum (TextLimits), refused in the dialect's own
/// shape naming the field, before anything is stored.
@Suite struct TextLimitTests {
    static let longName = String(repeating: "n", count: TextLimits.name + 1)
    static let longText = String(repeating: "t", count: TextLimits.text + 1)

    static func submit(category: String = "Work", note: String = "", project: String = "P") -> String {
        gameSubmitBody(category: category, project: project, note: note)
    }

    @Test(arguments: TestBackend.available)
    func overlongTextIsRefusedNamingTheFieldAndNothingIsStored(_ backend: TestBackend) async throws {
        try await TestApp.run(backend, clock: ManualClock(Date(timeIntervalSince1970: 1_763_800_000))) { client in
            let jwt = bearer(try await client.accessToken("ana"))
            let key = bearer(try await client.apiKey("bob"))

            // MUT + validate: the Game answers 400 with the reason
            for (body, field) in [
                (Self.submit(category: Self.longName), "category"), (Self.submit(note: Self.longText), "note"),
                (Self.submit(project: Self.longName), "project"),
            ] {
                let reply = try await client.send(.post, "/api/pomodoro/submit", body: body, headers: jwt)
                #expect(reply.status == .badRequest, "\(field): \(reply.status)")
                #expect(
                    reply.json["error"] as? String
                        == "\(field) is too long (maximum is \(field == "note" ? 10000 : 200) characters)")
            }
            let plan = try await client.send(
                .post, "/api/session/start",
                body:
                    #"{"session_id": "\#(UUID().uuidString)", "planned_duration": 25, "category": "Work", "planning_notes": "\#(Self.longText)", "source": "pomo_cli"}"#,
                headers: jwt)
            #expect(plan.status == .badRequest, "\(plan)")
            let data = try await client.send(.get, "/api/user/data", headers: jwt)
            #expect((data.json["session_stats"] as? [String: Any])?["total_sessions"] as? Int == 0)

            // Time Magic answers 422 {"errors": {field: [...]}}
            let project = try await client.send(
                .post, "/api/projects", body: #"{"project": {"name": "P", "description": "\#(Self.longText)"}}"#,
                headers: key)
            #expect(project.status == .unprocessableContent, "\(project)")
            #expect(
                (project.json["errors"] as? [String: [String]])?["description"]
                    == ["is too long (maximum is 10000 characters)"])
            let named = try await client.send(
                .post, "/api/projects", body: #"{"project": {"name": "\#(Self.longName)"}}"#, headers: key)
            #expect(named.status == .unprocessableContent)
            let entry = try await client.send(
                .post, "/api/time_entries",
                body: #"{"time_entry": {"begin_time": "2025-11-22T07:00:00Z", "comment": "\#(Self.longText)"}}"#,
                headers: key)
            #expect(entry.status == .unprocessableContent, "\(entry)")
            #expect(try await client.send(.get, "/api/projects", headers: key).array.isEmpty)
            #expect(try await client.send(.get, "/api/time_entries", headers: key).array.isEmpty)

            // The same at the limit is taken.
            let atLimit = try await client.send(
                .post, "/api/pomodoro/submit",
                body: Self.submit(category: String(repeating: "c", count: TextLimits.name)), headers: jwt)
            #expect(atLimit.status == .created, "\(atLimit)")
        }
    }
}
