import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import PomoCore
import PomoStore
import PomoTestSupport
import Synchronization
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

    /// The health check asks the database (`PomoDatabase.ping`): once it cannot answer, 503.
    @Test(arguments: TestBackend.available)
    func healthSays503OnceTheDatabaseIsGone(_ backend: TestBackend) async throws {
        let database = try await TestDatabases.open(backend)
        let app = try await buildApplication(
            config: TestApp.config(dataDirectory: try TestDatabases.temporaryDirectory()), database: database,
            clock: ManualClock(Date()), logger: TestDatabases.logger)
        try await app.test(.router) { client in
            #expect(try await client.execute(uri: "/api/health", method: .get).status == .ok)
            await database.close()
            let gone = try await client.execute(uri: "/api/health", method: .get)
            #expect(gone.status == .serviceUnavailable)
            #expect(String(buffer: gone.body).contains(#""status":"database unavailable""#))
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

    /// A request has one id: the one its answer's `X-Request-Id` gives is the one in its log
    /// line (Hummingbird's `hb.request.id`), and no second id is logged beside it.
    @Test func aRequestHasOneIdInItsAnswerAndItsLog() async throws {
        let lines = Mutex<[String]>([])
        var logger = Logger(label: "pomod") { label in
            LogLineHandler(label: label) { line in lines.withLock { $0.append(line) } }
        }
        logger.logLevel = .info
        let database = try await TestDatabases.open(.sqlite)
        let app = try await buildApplication(
            config: TestApp.config(dataDirectory: try TestDatabases.temporaryDirectory()), database: database,
            clock: ManualClock(Date()), logger: logger)
        let answered = Mutex<[String]>([])
        try await app.test(.router) { client in
            for given in [nil, "trace-42"] {
                let headers: HTTPFields = given.map { [HTTPField.Name("X-Request-Id")!: $0] } ?? [:]
                let reply = try await client.execute(uri: "/api/health", method: .get, headers: headers)
                let id = try #require(reply.headers[HTTPField.Name("X-Request-Id")!])
                answered.withLock { $0.append(id) }
            }
        }
        let ids = answered.withLock { $0 }
        await database.close()
        #expect(ids[1] == "trace-42")
        let logged = lines.withLock { $0 }.filter { $0.contains("GET /api/health 200") }
        #expect(logged.count == 2)
        for (line, id) in zip(logged, ids) {
            #expect(line.contains("hb.request.id=\(id)"), "\(line)")
            #expect(line.components(separatedBy: id).count == 2 && !line.contains("request_id"), "\(line)")
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
