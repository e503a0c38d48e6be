import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoServer
import PomoTestSupport
import Testing

/// One user made 2,000 API keys in 4.8 s and 500 projects: each kind of object a user can
/// multiply now has a cap (POMO_MAX_*), refused in the dialect's shape, and a login beyond the
/// web-session cap ends the oldest session instead of piling up.
@Suite struct QuotaTests {
    @Test(arguments: TestBackend.available)
    func eachKindStopsAtItsCapInTheDialectsShape(_ backend: TestBackend) async throws {
        try await TestApp.run(
            backend, clock: ManualClock(Date(timeIntervalSince1970: 1_763_800_000)),
            configure: {
                $0.quotas.apiKeys = 2
                $0.quotas.projects = 2
                $0.quotas.tasks = 2
                $0.quotas.activities = 2
            }
        ) { client in
            let jwt = bearer(try await client.accessToken("ana"))

            // API keys (TaskWorks envelope, 400): two, then a refusal; revoking one makes room.
            var ids: [String] = []
            for _ in 0..<2 {
                let key = try await client.send(.post, "/api/v1/auth/api-keys", body: #"{"name": "k"}"#, headers: jwt)
                #expect(key.status == .created, "\(key)")
                ids.append(key.data["id"] as? String ?? "")
            }
            let third = try await client.send(.post, "/api/v1/auth/api-keys", body: #"{"name": "k"}"#, headers: jwt)
            #expect(third.status == .badRequest, "\(third)")
            #expect((third.json["message"] as? String)?.contains("POMO_MAX_API_KEYS") == true, "\(third)")
            let revoked = try await client.send(.delete, "/api/v1/auth/api-keys/\(ids[0])", headers: jwt)
            #expect(revoked.status == .ok, "\(revoked)")
            let again = try await client.send(.post, "/api/v1/auth/api-keys", body: #"{"name": "k"}"#, headers: jwt)
            #expect(again.status == .created)
            let key = bearer(again.data["token"] as? String ?? "")

            // Projects: Time Magic 422 {"errors": {"base": [...]}}; a Game submit naming a new one 400.
            var projectId = ""
            for name in ["A", "B"] {
                let made = try await client.send(
                    .post, "/api/projects", body: #"{"project": {"name": "\#(name)"}}"#, headers: key)
                #expect(made.status == .created, "\(made)")
                projectId = made.json["uuid"] as? String ?? ""
            }
            let tooMany = try await client.send(
                .post, "/api/projects", body: #"{"project": {"name": "C"}}"#, headers: key)
            #expect(tooMany.status.code == 422)
            #expect(
                (tooMany.json["errors"] as? [String: [String]])?["base"]
                    == ["limit reached: at most 2 projects per user (POMO_MAX_PROJECTS)"])
            func submit(_ project: String) -> String { gameSubmitBody(project: project) }
            let named = try await client.send(.post, "/api/pomodoro/submit", body: submit("New"), headers: jwt)
            #expect(named.status == .badRequest, "\(named)")
            #expect(named.json["error"] as? String == "limit reached: at most 2 projects per user (POMO_MAX_PROJECTS)")
            let existing = try await client.send(.post, "/api/pomodoro/submit", body: submit("A"), headers: jwt)
            #expect(existing.status == .created, "\(existing)")

            // Tasks and activities.
            for n in 0..<3 {
                let task = try await client.send(
                    .post, "/api/projects/\(projectId)/tasks", body: #"{"task": {"name": "t\#(n)"}}"#, headers: key)
                #expect(task.status.code == (n < 2 ? 201 : 422), "task \(n): \(task)")
                let activity = try await client.send(
                    .post, "/api/activities", body: #"{"activity": {"name": "a\#(n)"}}"#, headers: key)
                #expect(activity.status.code == (n < 2 ? 201 : 422), "activity \(n): \(activity)")
            }
            #expect(try await client.send(.get, "/api/projects", headers: key).array.count == 2)
        }
    }

    @Test(arguments: TestBackend.available)
    func aLoginBeyondTheWebSessionCapEndsTheOldest(_ backend: TestBackend) async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_763_800_000))
        try await TestApp.run(backend, clock: clock, configure: { $0.quotas.webSessions = 2 }) { client in
            _ = try await client.register("ana")
            var cookies: [String] = []
            for _ in 0..<3 {
                clock.advance(by: 60)
                let login = try await client.send(
                    .post, "/api/auth/session", body: #"{"username": "ana", "password": "password-123"}"#)
                cookies.append(try #require(login.headers[.setCookie]?.split(separator: ";").first.map(String.init)))
            }
            let statuses = try await cookies.asyncMap {
                try await client.send(.get, "/api/v1/auth/me", headers: [.cookie: $0]).status
            }
            #expect(statuses == [.unauthorized, .ok, .ok])
        }
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
