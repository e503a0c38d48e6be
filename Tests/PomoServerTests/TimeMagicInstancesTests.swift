import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PomoCore
import PomoServer
import PomoStore
import PomoTestSupport
import Testing

/// DESIGN.md: several instances on one PostgreSQL must agree on anything shared, the Time Magic
/// rate limit included.
@Suite struct TimeMagicInstancesTests {
    @Test(.enabled(if: TestBackend.available.contains(.postgres)))
    func twoInstancesOnOneDatabaseShareTheRateLimit() async throws {
        // setup: two applications, each with its own connection pool, on one database
        let url = try await TestDatabases.createPostgresDatabase()
        let first = try await PomoDatabase.openPostgres(url: url, logger: TestDatabases.logger)
        let second = try await PomoDatabase.openPostgres(url: url, logger: TestDatabases.logger)
        do {
            try await Self.run(first, second)
        } catch {
            await first.close()
            await second.close()
            throw error
        }
        await first.close()
        await second.close()
    }

    static func run(_ first: PomoDatabase, _ second: PomoDatabase) async throws {
        try await Migrator().migrate(first)
        var config = TestApp.config(dataDirectory: try TestDatabases.temporaryDirectory())
        config.timeMagicRateLimit = 5
        let clock = ManualClock(Date())
        let appA = try await buildApplication(
            config: config, database: first, clock: clock, logger: TestDatabases.logger)
        let appB = try await buildApplication(
            config: config, database: second, clock: clock, logger: TestDatabases.logger)

        try await appA.test(.router) { a in
            try await appB.test(.router) { b in
                let auth = bearer(try await a.apiKey("ana"))
                // MUT: 50 requests at once, alternating between the instances
                let codes = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                    for n in 0..<50 {
                        let client: any TestClientProtocol = n.isMultiple(of: 2) ? a : b
                        group.addTask { try await client.send(.get, "/api/activities", headers: auth).status }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                // validate
                #expect(codes.filter { $0 == .ok }.count == 5, "\(codes.map(\.code))")
                #expect(codes.filter { $0 == .tooManyRequests }.count == 45)
            }
        }
    }
}
