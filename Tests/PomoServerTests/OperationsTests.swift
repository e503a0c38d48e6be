import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoStore
import PomoTestSupport
import Testing

@testable import PomoServer

@Suite struct OperationsTests {
    @Test(arguments: TestBackend.available)
    func healthNeedsNoAuthAndNamesTheDatabase(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let reply = try await client.send(.get, "/api/health")
            #expect(reply.status == .ok)
            #expect(reply.json["status"] as? String == "ok")
            #expect(reply.json["database"] as? String == backend.rawValue)
            #expect(reply.json["version"] as? String == PomoVersion.current)
        }
    }

    @Test(arguments: TestBackend.available)
    func metricsCountRequestsPerRouteGroup(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            _ = try await client.send(.get, "/api/health")
            _ = try await client.send(.get, "/api/v1/auth/me")
            let reply = try await client.send(.get, "/metrics")
            #expect(reply.status == .ok)
            #expect(reply.body.contains(#"pomo_http_requests_total{group="operations",method="GET",status="2xx"} 1"#))
            #expect(reply.body.contains(#"pomo_http_requests_total{group="taskworks",method="GET",status="4xx"} 1"#))
            #expect(reply.body.contains("pomo_http_request_duration_seconds_bucket"))
            // SQLite's group commit: the migrations were write transactions, each needing a commit
            // at most. PostgreSQL commits each transaction itself and has no such counters.
            func counter(_ name: String) -> Int? {
                reply.body.split(separator: "\n").first { $0.hasPrefix(name + " ") }
                    .flatMap { Int($0.split(separator: " ")[1]) }
            }
            let transactions = counter("pomo_sqlite_write_transactions_total")
            let commits = counter("pomo_sqlite_commits_total")
            if backend == .sqlite {
                #expect((transactions ?? 0) >= Migrations.all.count)
                #expect((commits ?? 0) >= 1 && (commits ?? 0) <= (transactions ?? 0))
            } else {
                #expect(transactions == nil && commits == nil)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func unknownRoutesAnswerInTheDialectOfTheirPath(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let game = try await client.send(.get, "/api/no-such-thing")
            #expect(game.status == .notFound)
            #expect(game.json["error"] is String)
            let taskWorks = try await client.send(.get, "/api/v1/no-such-thing")
            #expect(taskWorks.json["error"] as? String == "not_found")
            let timeMagic = try await client.send(.get, "/timemagic/api/nothing")
            #expect(timeMagic.body == #"{"errors":"Not found"}"#)
        }
    }

    @Test(arguments: TestBackend.available)
    func everyResponseCarriesARequestId(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let fresh = try await client.send(.get, "/api/health")
            #expect(fresh.headers[HTTPField.Name("X-Request-Id")!]?.count == 36)
            let given = try await client.send(
                .get, "/api/health", headers: [HTTPField.Name("X-Request-Id")!: "abc-123"])
            #expect(given.headers[HTTPField.Name("X-Request-Id")!] == "abc-123")
            let hostile = try await client.send(
                .get, "/api/health", headers: [HTTPField.Name("X-Request-Id")!: "a b\"c"])
            #expect(hostile.headers[HTTPField.Name("X-Request-Id")!] != "a b\"c")
        }
    }

    /// Fresh ids are lower-case version 4 UUIDs, and do not repeat.
    @Test func freshRequestIdsAreRandomUUIDs() throws {
        let ids = (0..<20_000).map { _ in RequestLogMiddleware.freshRequestId() }
        #expect(Set(ids).count == ids.count)
        let shape = try Regex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
        for id in ids.prefix(2_000) {
            #expect(id.wholeMatch(of: shape) != nil, "\(id)")
            #expect(UUID(uuidString: id)?.uuidString.lowercased() == id)
        }
        // Every hex digit outside the fixed version and variant bits takes all 16 values.
        for position in Array(0..<36).filter({ ![8, 13, 14, 18, 19, 23].contains($0) }) {
            let seen = Set(ids.map { $0.utf8[$0.utf8.index($0.utf8.startIndex, offsetBy: position)] })
            #expect(seen.count == 16, "position \(position)")
        }
    }

    @Test(arguments: TestBackend.available)
    func eachDialectIsAlsoServedUnderItsOwnPrefix(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let token = try await client.accessToken("ana")
            #expect(try await client.send(.get, "/game/api/auth/me", headers: bearer(token)).status == .ok)
            let taskWorks = try await client.send(.get, "/taskworks/api/v1/auth/me", headers: bearer(token))
            #expect(taskWorks.data["name"] as? String == "ana")
            #expect(try await client.send(.get, "/game/api/health").status == .ok)
        }
    }
}
