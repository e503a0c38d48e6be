import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoTestSupport
import Testing

@Suite struct PomodoroHistoryTests {
    /// Starts and completes one session of `minutes`, advancing the clock past it.
    func finishOne(_ client: some TestClientProtocol, _ auth: HTTPFields, _ clock: ManualClock, kind: String = "work")
        async throws -> String
    {
        let started = try await client.send(
            .post, "/api/v1/pomodoro", body: #"{"duration_minutes": 5, "session_type": "\#(kind)"}"#, headers: auth)
        let id = try #require(started.data["id"] as? String, "\(started)")
        clock.advance(by: 5 * 60)
        _ = try await client.send(.post, "/api/v1/pomodoro/\(id)/complete", headers: auth)
        return id
    }

    @Test(arguments: TestBackend.available)
    func walkingThePagesWhileSessionsArriveReturnsEachItemOnce(_ backend: TestBackend) async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_763_800_000))
        try await TestApp.run(backend, clock: clock) { client in
            let auth = bearer(try await client.accessToken("ana"))
            var existing: [String] = []
            for _ in 0..<7 { existing.append(try await finishOne(client, auth, clock)) }

            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let query = cursor.map { "?limit=3&cursor=\($0)" } ?? "?limit=3"
                let page = try await client.send(.get, "/api/v1/pomodoro/history\(query)", headers: auth)
                #expect(page.status == .ok, "\(page)")
                let items = try #require(page.data["items"] as? [[String: Any]])
                seen += items.compactMap { $0["id"] as? String }
                cursor = page.data["nextCursor"] as? String
                #expect((page.data["hasMore"] as? Bool) == (cursor != nil))
                // A new session arrives between pages; it is newer, so it is not part of this walk.
                _ = try await finishOne(client, auth, clock)
                pages += 1
            } while cursor != nil && pages < 10
            #expect(seen == existing.reversed())
            #expect(Set(seen).count == seen.count)
        }
    }

    @Test(arguments: TestBackend.available)
    func filtersAndBadParameters(_ backend: TestBackend) async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_763_800_000))
        try await TestApp.run(backend, clock: clock) { client in
            let auth = bearer(try await client.accessToken("ana"))
            let work = try await finishOne(client, auth, clock)
            let rest = try await finishOne(client, auth, clock, kind: "short_break")
            func ids(_ query: String) async throws -> [String] {
                let reply = try await client.send(.get, "/api/v1/pomodoro/history?\(query)", headers: auth)
                #expect(reply.status == .ok, "\(query): \(reply)")
                return (reply.data["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            }
            #expect(try await ids("session_type=short_break") == [rest])
            #expect(try await ids("session_type=work&status=completed") == [work])
            #expect(try await ids("status=cancelled").isEmpty)
            #expect(try await ids("from=2025-11-22T08:30:00Z") == [rest])
            #expect(try await ids("to=2025-11-22T08:30:00Z") == [work])
            #expect(try await ids("from=2025-11-22&to=2025-11-22") == [rest, work])
            for bad in ["limit=0", "limit=101", "limit=x", "cursor=%%%", "status=done", "from=yesterday"] {
                let reply = try await client.send(.get, "/api/v1/pomodoro/history?\(bad)", headers: auth)
                #expect(reply.status == .badRequest, "\(bad): \(reply)")
            }
        }
    }
}
