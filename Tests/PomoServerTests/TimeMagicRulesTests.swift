import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoServer
import PomoTestSupport
import Testing

@Suite struct TimeMagicRulesTests {
    static func limited(_ config: inout PomoConfig) { config.timeMagicRateLimit = 5 }

    @Test(arguments: TestBackend.available)
    func missingOrWrongCredentialsGetUnauthorized(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            for headers: HTTPFields in [[:], bearer("not-a-key"), [.authorization: "Token nope"], bearer("a.b.c")] {
                for path in ["/api/activities", "/api/time_entries", "/timemagic/api/projects", "/api/goals/x"] {
                    let reply = try await client.send(.get, path, headers: headers)
                    #expect(reply.status == .unauthorized, "\(path): \(reply)")
                    #expect(reply.body == #"{"errors":"Unauthorized"}"#)
                }
            }
        }
    }

    /// `GET /api/projects` is shared with the Game; a refused or revoked API key is still a Time
    /// Magic client and gets Time Magic's 401 (it got the Game's `{"error": ...}` before).
    @Test(arguments: TestBackend.available)
    func aRefusedKeyOnTheSharedProjectsRouteGetsTimeMagicsUnauthorized(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let jwt = bearer(try await client.accessToken("ana"))
            let created = try await client.send(.post, "/api/v1/auth/api-keys", body: #"{"name": "tm"}"#, headers: jwt)
            let key = try #require(created.data["token"] as? String)
            let id = try #require(created.data["id"] as? String)
            #expect(try await client.send(.get, "/api/projects", headers: bearer(key)).status == .ok)
            #expect(try await client.send(.delete, "/api/v1/auth/api-keys/\(id)", headers: jwt).status == .ok)
            let wrong = String(repeating: "x", count: 43)
            for headers: HTTPFields in [
                bearer(key), [.authorization: "Token \(key)"], bearer(wrong), [.authorization: "ApiKey \(wrong)"],
            ] {
                let reply = try await client.send(.get, "/api/projects", headers: headers)
                #expect(reply.status == .unauthorized, "\(reply)")
                #expect(reply.body == #"{"errors":"Unauthorized"}"#)
            }
            // The Game's own clients still get the Game's answers there.
            #expect(try await client.send(.get, "/api/projects", headers: bearer("a.b.c")).json["error"] != nil)
            #expect(try await client.send(.get, "/api/projects", headers: jwt).json["projects"] != nil)
        }
    }

    @Test(arguments: TestBackend.available)
    func theSixthRequestInAMinuteIsRateLimitedUntilTheWindowEnds(_ backend: TestBackend) async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_763_799_980))  // 20 s into a window
        try await TestApp.run(backend, clock: clock, configure: Self.limited) { client in
            let auth = bearer(try await client.apiKey("ana"))
            // Every request counts, errors included (REFERENCE.md 4.3.1).
            for path in ["/api/activities", "/api/goals", "/api/tasks/nope", "/api/time_entries", "/api/activities"] {
                let reply = try await client.send(.get, path, headers: auth)
                #expect(reply.status != .tooManyRequests, "\(path)")
            }
            let limited = try await client.send(
                .post, "/api/activities", body: #"{"activity": {"name": "x"}}"#, headers: auth)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.body == #"{"info":"Rate limit exceeded. Try again later."}"#)
            #expect(limited.headers[.retryAfter] == "40")
            #expect(limited.headers[HTTPField.Name("RateLimit-Remaining")!] == "0")
            // Another user has a window of their own.
            let bob = bearer(try await client.apiKey("bob"))
            #expect(try await client.send(.get, "/api/activities", headers: bob).status == .ok)

            clock.advance(by: 40)
            #expect(try await client.send(.get, "/api/activities", headers: auth).status == .ok)
            #expect(try await client.send(.get, "/api/activities", headers: auth).array.isEmpty)
        }
    }

    @Test(arguments: TestBackend.available)
    func fiftyParallelRequestsLetExactlyFiveThrough(_ backend: TestBackend) async throws {
        try await TestApp.run(backend, configure: Self.limited) { client in
            let auth = bearer(try await client.apiKey("ana"))
            let codes = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<50 {
                    group.addTask { try await client.send(.get, "/api/activities", headers: auth).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(codes.filter { $0 == .ok }.count == 5, "\(codes.map(\.code))")
            #expect(codes.filter { $0 == .tooManyRequests }.count == 45)
        }
    }

    @Test(arguments: TestBackend.available)
    func theWebAppsCookieHasAGenerousLimitOfItsOwn(_ backend: TestBackend) async throws {
        let limits = { (config: inout PomoConfig) in
            Self.limited(&config)
            config.cookieRateLimit = 12
        }
        try await TestApp.run(backend, configure: limits) { client in
            let key = bearer(try await client.apiKey("ana"))
            let login = try await client.send(
                .post, "/api/auth/session", body: #"{"username": "ana", "password": "password-123"}"#)
            let cookie = try #require(login.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            // Past the token limit (5) the cookie goes on, up to its own (12), then it is refused too:
            // a script that logs in with the cookie gains little over a key.
            var codes: [Int] = []
            for _ in 0..<14 {
                codes.append(
                    try await client.send(.get, "/timemagic/api/projects", headers: [.cookie: cookie]).status.code)
            }
            #expect(codes == Array(repeating: 200, count: 12) + [429, 429], "\(codes)")
            // The key's own window is untouched by the cookie's.
            #expect(try await client.send(.get, "/api/activities", headers: key).status == .ok)
        }
    }

    @Test(arguments: TestBackend.available)
    func readsNeedASubscriptionWhileWritesGoOnUntilTheAdminRenewsIt(_ backend: TestBackend) async throws {
        try await TestApp.run(backend, configure: { $0.defaultSubscriptionActive = false }) { client in
            let admin = try await client.accessToken("root")
            let auth = bearer(try await client.apiKey("ana"))
            let written = try await client.send(
                .post, "/api/projects", body: #"{"project": {"name": "P"}}"#, headers: auth)
            #expect(written.status == .created, "\(written)")
            let uuid = try #require(written.json["uuid"] as? String)
            for path in ["/api/projects", "/api/projects/\(uuid)", "/api/time_entries", "/api/tasks/tracking"] {
                let read = try await client.send(.get, path, headers: auth)
                #expect(read.status.code == 402, "\(path): \(read)")
                #expect(read.body == #"{"info":"Subscription required for GET requests."}"#)
            }
            #expect(try await client.send(.delete, "/api/projects/\(uuid)", headers: auth).status == .noContent)

            // MUT: the admin renews it
            let renewed = try await client.send(
                .put, "/api/admin/users/ana/subscription", body: #"{"active_until": "2999-01-01T00:00:00Z"}"#,
                headers: bearer(admin))
            #expect(renewed.status == .ok)
            // validate
            let read = try await client.send(.get, "/api/projects", headers: auth)
            #expect(read.status == .ok)
            #expect(read.body == "[]")
        }
    }

    @Test(arguments: TestBackend.available)
    func anotherUsersResourcesAreNotFoundAndNeverListed(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let ana = try await Workspace.make(client, user: "ana", tasks: 1)
            _ = try await ana.event(client, 0, "start_tracking")
            let activity = try await client.send(
                .post, "/api/activities", body: #"{"activity": {"name": "Gym"}}"#, headers: ana.auth)
            let goal = try await client.send(
                .post, "/api/goals", body: #"{"goal": {"text": "G", "begin_date": "2025-10-01"}}"#, headers: ana.auth)
            let entry = try await client.send(.get, "/api/time_entries", headers: ana.auth).array.first
            let ids = [
                "projects": ana.project, "tasks": ana.tasks[0],
                "activities": try #require(activity.json["uuid"] as? String),
                "goals": try #require(goal.json["uuid"] as? String),
                "time_entries": try #require(entry?["uuid"] as? String),
            ]
            let bob = try await Workspace.make(client, user: "bob", tasks: 0)
            let roots = [
                "projects": "project", "tasks": "task", "activities": "activity", "goals": "goal",
                "time_entries": "time_entry",
            ]
            for (resource, id) in ids {
                for probe in [id, UUID().uuidString.lowercased(), "not-a-uuid"] {
                    let body = #"{"\#(roots[resource]!)": {"name": "mine", "text": "mine"}}"#
                    for (method, path, body) in [
                        (HTTPRequest.Method.get, "/api/\(resource)/\(probe)", nil),
                        (.put, "/api/\(resource)/\(probe)", body),
                        (.delete, "/api/\(resource)/\(probe)", nil),
                    ] {
                        let reply = try await client.send(method, path, body: body, headers: bob.auth)
                        #expect(reply.status == .notFound, "\(method) \(path): \(reply)")
                        #expect(reply.body == #"{"errors":"Not found"}"#)
                    }
                }
            }
            for path in [
                "/api/projects/\(ana.project)/tasks", "/api/goals?project_id=\(ana.project)",
                "/api/tasks/\(ana.tasks[0])?event=finish",
            ] {
                let method: HTTPRequest.Method = path.contains("event") ? .put : .get
                #expect(try await client.send(method, path, headers: bob.auth).status == .notFound, "\(path)")
            }
            let created = try await client.send(
                .post, "/api/projects/\(ana.project)/tasks", body: #"{"task": {"name": "x"}}"#, headers: bob.auth)
            #expect(created.status == .notFound)
            let goalOnForeign = try await client.send(
                .post, "/api/goals",
                body: #"{"goal": {"text": "x", "begin_date": "2025-10-01", "project_id": "\#(ana.project)"}}"#,
                headers: bob.auth)
            #expect(goalOnForeign.status == .notFound)
            for path in ["/api/projects", "/api/activities", "/api/goals", "/api/time_entries", "/api/tasks/tracking"] {
                #expect(try await client.send(.get, path, headers: bob.auth).body != "", "\(path)")
                let listed = try await client.send(.get, path, headers: bob.auth).array
                #expect(listed.allSatisfy { !ids.values.contains($0["uuid"] as? String ?? "") }, "\(path)")
                #expect(path == "/api/projects" ? listed.count == 1 : listed.isEmpty, "\(path)")
            }
            // Nothing of ana's changed.
            #expect(try await ana.status(client, 0) == "in_progress")
            #expect(
                try await client.send(.get, "/api/activities", headers: ana.auth).array.first?["name"] as? String
                    == "Gym")
        }
    }
}
