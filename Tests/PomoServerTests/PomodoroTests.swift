import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoStore
import PomoTestSupport
import SQLKit
import Testing

@Suite struct PomodoroTests {
    static let sessionKeys = [
        "actual_end_at", "created_at", "duration_minutes", "evaluation_submitted", "id", "notification_sent",
        "scheduled_end_at", "session_type", "started_at", "status", "task_id", "updated_at", "user_id",
    ]

    /// A break nobody ended is over at its end; a work session nobody ended holds the timer for
    /// its grace period, then waits to be submitted or discarded while a new one can start.
    @Test(arguments: TestBackend.available)
    func timersNobodyEndedNeitherBlockNorVanish(_ backend: TestBackend) async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_763_800_000))
        try await TestApp.run(backend, clock: clock) { client in
            let auth = bearer(try await client.accessToken("ana"))
            func start(_ body: String) async throws -> Reply {
                try await client.send(.post, "/api/v1/pomodoro", body: body, headers: auth)
            }
            let rest = try await start(#"{"duration_minutes": 5, "session_type": "short_break"}"#)
            #expect(rest.status == .created, "\(rest)")
            clock.advance(by: 8 * 60)
            #expect(
                try await client.send(.get, "/api/v1/pomodoro", headers: auth).body == #"{"data":null,"error":null}"#)
            let work = try await start(#"{"duration_minutes": 25}"#)
            #expect(work.status == .created, "a break past its end blocked a start: \(work)")
            let history = try await client.send(
                .get, "/api/v1/pomodoro/history?session_type=short_break", headers: auth)
            let ended = try #require((history.data["items"] as? [[String: Any]])?.first)
            #expect(ended["status"] as? String == "completed", "\(ended)")
            #expect(ended["actual_end_at"] as? String == "2025-11-22T08:31:40Z", "\(ended)")

            // Two minutes past its end the work session still holds the timer; past the grace it waits.
            clock.advance(by: 27 * 60)
            #expect(try await start(#"{"duration_minutes": 25}"#).status == .conflict)
            clock.advance(by: 29 * 60)
            #expect(
                try await client.send(.get, "/api/v1/pomodoro", headers: auth).body == #"{"data":null,"error":null}"#)
            let waiting = try await client.send(.get, "/api/v1/pomodoro/unsubmitted", headers: auth)
            let waitingId = try #require(work.data["id"] as? String)
            #expect(
                (waiting.json["data"] as? [[String: Any]])?.map { $0["id"] as? String } == [waitingId], "\(waiting)")
            let next = try await start(#"{"duration_minutes": 25}"#)
            #expect(next.status == .created, "a stale work session blocked a start: \(next)")

            // Submitted later, with its note: credited its planned minutes, at its planned end.
            let submitted = try await client.send(
                .post, "/api/v1/pomodoro/\(waitingId)/complete", body: #"{"note": "wrote the intro"}"#, headers: auth)
            #expect(submitted.status == .ok && submitted.data["points"] as? Double == 1, "\(submitted)")
            #expect(submitted.data["actual_end_at"] as? String == "2025-11-22T08:59:40Z", "\(submitted)")
            #expect(
                try await client.send(.get, "/api/v1/pomodoro/unsubmitted", headers: auth).body
                    == #"{"data":[],"error":null}"#)

            // The next one lapses too, and is discarded: kept, cancelled, no credit.
            clock.advance(by: 60 * 60)
            let nextId = try #require(next.data["id"] as? String)
            let discarded = try await client.send(.delete, "/api/v1/pomodoro/\(nextId)/cancel", headers: auth)
            #expect(discarded.status == .ok, "\(discarded)")
            let all = try await client.send(.get, "/api/v1/pomodoro/history?session_type=work", headers: auth)
            let rows = (all.data["items"] as? [[String: Any]]) ?? []
            #expect(rows.map { $0["status"] as? String } == ["cancelled", "completed"], "\(all)")
            #expect(rows.first?["points"] as? Double ?? 0 == 0, "\(all)")
        }
    }

    @Test(arguments: TestBackend.available)
    func theWholeLifecycle(_ backend: TestBackend) async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_763_800_000))
        try await TestApp.run(backend, clock: clock) { client in
            let auth = bearer(try await client.accessToken("ana"))
            let idle = try await client.send(.get, "/api/v1/pomodoro", headers: auth)
            #expect(idle.body == #"{"data":null,"error":null}"#)

            // MUT: start
            let started = try await client.send(
                .post, "/api/v1/pomodoro", body: #"{"duration_minutes": 25}"#, headers: auth)
            // validate
            #expect(started.status == .created, "\(started)")
            #expect(Set(started.data.keys).isSuperset(of: Self.sessionKeys))
            #expect(started.data["status"] as? String == "active")
            #expect(started.data["session_type"] as? String == "work")
            #expect(started.data["task_id"] is NSNull)
            #expect(started.data["notification_sent"] as? Bool == false)
            #expect(started.data["started_at"] as? String == "2025-11-22T08:26:40Z")
            #expect(started.data["scheduled_end_at"] as? String == "2025-11-22T08:51:40Z")
            let id = try #require(started.data["id"] as? String)

            let active = try await client.send(.get, "/api/v1/pomodoro", headers: auth)
            #expect(active.data["id"] as? String == id)

            clock.advance(by: 25 * 60)
            let completed = try await client.send(.post, "/api/v1/pomodoro/\(id)/complete", headers: auth)
            #expect(completed.status == .ok, "\(completed)")
            #expect(completed.data["status"] as? String == "completed")
            #expect(completed.data["actual_end_at"] as? String == "2025-11-22T08:51:40Z")
            #expect(completed.data["pof_score"] as? Int == 100)
            #expect(completed.data["points"] as? Double == 1.0)

            let rated = try await client.send(
                .post, "/api/v1/pomodoro/\(id)/evaluation", body: #"{"rating": 5, "note": "deep"}"#, headers: auth)
            #expect(rated.data["evaluation_submitted"] as? Bool == true)
            #expect(
                try await client.send(.get, "/api/v1/pomodoro", headers: auth).body == #"{"data":null,"error":null}"#)

            let rest = try await client.send(
                .post, "/api/v1/pomodoro",
                body: #"{"session_type": "short_break", "duration_minutes": 5, "task_id": null}"#,
                headers: auth)
            let restId = try #require(rest.data["id"] as? String)
            let cancelled = try await client.send(.delete, "/api/v1/pomodoro/\(restId)/cancel", headers: auth)
            #expect(cancelled.body == #"{"data":{"id":"\#(restId)","status":"cancelled"},"error":null}"#)
        }
    }

    @Test(arguments: TestBackend.available)
    func everyErrorHasItsCodeAndShape(_ backend: TestBackend) async throws {
        try await TestApp.runWithDatabase(backend) { client, database in
            let auth = bearer(try await client.accessToken("ana"))
            for body in [
                #"{}"#, #"{"duration_minutes": 0}"#, #"{"duration_minutes": -3}"#, #"{"duration_minutes": "25"}"#,
            ] {
                let reply = try await client.send(.post, "/api/v1/pomodoro", body: body, headers: auth)
                #expect(reply.status == .badRequest, "\(body): \(reply)")
                #expect(reply.json["error"] as? String == "bad_request")
                #expect(reply.json["message"] as? String == "duration_minutesは必須で正の値である必要があります")
                #expect(reply.json.keys.sorted() == ["code", "context", "error", "message"])
            }
            let badType = try await client.send(
                .post, "/api/v1/pomodoro", body: #"{"duration_minutes": 25, "session_type": "nap"}"#, headers: auth)
            #expect((badType.json["context"] as? [String: Any])?["field"] as? String == "session_type")
            let unknownTask = try await client.send(
                .post, "/api/v1/pomodoro", body: #"{"duration_minutes": 25, "task_id": "nope"}"#, headers: auth)
            #expect(unknownTask.status == .notFound)

            let started = try await client.send(
                .post, "/api/v1/pomodoro", body: #"{"duration_minutes": 25}"#, headers: auth)
            let id = try #require(started.data["id"] as? String)
            let second = try await client.send(
                .post, "/api/v1/pomodoro", body: #"{"duration_minutes": 25}"#, headers: auth)
            #expect(second.status == .conflict)
            #expect(second.json["code"] as? String == "POMODORO_ACTIVE")
            #expect((second.json["context"] as? [String: Any])?["id"] as? String == id)

            let early = try await client.send(
                .post, "/api/v1/pomodoro/\(id)/evaluation", body: #"{"rating": 3}"#, headers: auth)
            #expect(early.status == .conflict)
            _ = try await client.send(.delete, "/api/v1/pomodoro/\(id)/cancel", headers: auth)
            for (method, path) in [
                (HTTPRequest.Method.post, "/api/v1/pomodoro/\(id)/complete"),
                (.delete, "/api/v1/pomodoro/\(id)/cancel"),
            ] {
                let reply = try await client.send(method, path, headers: auth)
                #expect(reply.status == .conflict)
                #expect(reply.json["code"] as? String == "POMODORO_NOT_ACTIVE")
            }
            for path in ["/api/v1/pomodoro/999999/complete", "/api/v1/pomodoro/abc/complete"] {
                #expect(try await client.send(.post, path, headers: auth).status == .notFound)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func anotherUsersSessionsAndTasksAreNotFound(_ backend: TestBackend) async throws {
        try await TestApp.runWithDatabase(backend) { client, database in
            let ana = bearer(try await client.accessToken("ana"))
            let ben = bearer(try await client.accessToken("ben"))
            let anaTask = try await Fixtures.insertTask(database, userId: 1)
            let started = try await client.send(
                .post, "/api/v1/pomodoro", body: #"{"duration_minutes": 25, "task_id": "\#(anaTask)"}"#, headers: ana)
            #expect(started.data["task_id"] as? String == anaTask)
            let id = try #require(started.data["id"] as? String)
            for (method, path) in [
                (HTTPRequest.Method.post, "/api/v1/pomodoro/\(id)/complete"),
                (.delete, "/api/v1/pomodoro/\(id)/cancel"),
            ] {
                let reply = try await client.send(method, path, headers: ben)
                #expect(reply.status == .notFound)
            }
            #expect(
                try await client.send(.get, "/api/v1/pomodoro", headers: ben).body == #"{"data":null,"error":null}"#)
            let borrowed = try await client.send(
                .post, "/api/v1/pomodoro", body: #"{"duration_minutes": 25, "task_id": "\#(anaTask)"}"#, headers: ben)
            #expect(borrowed.status == .notFound)
            let history = try await client.send(.get, "/api/v1/pomodoro/history", headers: ben)
            #expect((history.data["items"] as? [Any])?.isEmpty == true)
            #expect(try await client.send(.get, "/api/v1/pomodoro", headers: ana).data["id"] as? String == id)
        }
    }

    @Test(arguments: TestBackend.available)
    func twentyConcurrentStartsGiveExactlyOne201(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let auth = bearer(try await client.accessToken("ana"))
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await client.send(
                            .post, "/api/v1/pomodoro", body: #"{"duration_minutes": 25}"#, headers: auth
                        )
                        .status.code
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 1)
            #expect(statuses.filter { $0 == 409 }.count == 19)
        }
    }

    @Test(arguments: TestBackend.available)
    func everySchemeReachesThePomodoroRoutes(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let jwt = try await client.accessToken("ana")
            let key = try #require(
                try await client.send(.post, "/api/v1/auth/api-keys", body: #"{"name": "k"}"#, headers: bearer(jwt))
                    .data["token"] as? String)
            for header in ["Bearer \(jwt)", "Bearer \(key)", "ApiKey \(key)", "Token \(key)"] {
                let reply = try await client.send(.get, "/api/v1/pomodoro", headers: [.authorization: header])
                #expect(reply.status == .ok, "\(header.prefix(12)): \(reply)")
            }
            let anonymous = try await client.send(.get, "/api/v1/pomodoro")
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.json["error"] as? String == "unauthorized")
        }
    }

    @Test(arguments: TestBackend.available)
    func aCompletedSessionOnATaskIsATimeEntryOnThatTask(_ backend: TestBackend) async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_763_800_000))
        try await TestApp.runWithDatabase(backend, clock: clock) { client, database in
            let auth = bearer(try await client.accessToken("ana"))
            let task = try await Fixtures.insertTask(database, userId: 1)
            let started = try await client.send(
                .post, "/api/v1/pomodoro", body: #"{"duration_minutes": 25, "task_id": "\#(task)"}"#, headers: auth)
            let id = try #require(started.data["id"] as? String)
            clock.advance(by: 25 * 60)
            _ = try await client.send(.post, "/api/v1/pomodoro/\(id)/complete", headers: auth)
            let entries = try await database.read { db in
                try await db.raw(
                    """
                    SELECT te.duration_seconds, te.begin_time, t.uuid FROM time_entries te JOIN tasks t ON t.id = te.task_id
                    """
                ).all().map {
                    (
                        try $0.decode(column: "duration_seconds", as: Int64.self),
                        try $0.decode(column: "begin_time", as: Int64.self),
                        try $0.decode(column: "uuid", as: String.self)
                    )
                }
            }
            #expect(entries.count == 1)
            #expect(entries.first?.0 == 1500)
            #expect(entries.first?.1 == 1_763_800_000_000)
            #expect(entries.first?.2 == task)
        }
    }
}
