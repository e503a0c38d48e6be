import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoStore
import PomoTestSupport
import Testing

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
