import Foundation
import Logging
import PomoServer
import PomoTestSupport
import Testing

@Suite struct ConfigTests {
    @Test func defaultsMatchTheDesign() throws {
        let config = try PomoConfig(environment: [:])
        #expect(config.host == "127.0.0.1")
        #expect(config.port == 8080)
        #expect(config.dataDirectory == "./pomo-data")
        #expect(config.databaseURL == nil)
        #expect(config.registrationOpen)
        #expect(config.timeMagicRateLimit == 5)
        // Twice the cores plus two, within 4...20 (6 on the two-core test machines).
        let cores = ProcessInfo.processInfo.activeProcessorCount
        #expect(config.databasePoolSize == min(20, max(4, 2 * cores + 2)))
        #expect((4...20).contains(config.databasePoolSize))
        #expect(config.accessTokenTTL == 30 * 86_400)
        #expect(config.refreshTokenTTL == 60 * 86_400)
    }

    @Test(arguments: [
        ("POMO_PORT", "eighty"), ("POMO_PORT", "70000"), ("POMO_REGISTRATION", "maybe"),
        ("POMO_DEFAULT_SUBSCRIPTION", "gold"), ("POMO_TIMEMAGIC_RATE_LIMIT", "0"), ("POMO_LOG_LEVEL", "loud"),
        ("POMO_DATABASE_URL", "mysql://x"), ("POMO_JWT_SECRET", "short"), ("POMO_BCRYPT_COST", "3"),
        ("POMO_JWT_SECRET", String(repeating: " ", count: 40)), ("POMO_JWT_SECRET", String(repeating: "a", count: 40)),
        ("POMO_JWT_SECRET", String(repeating: "x \t", count: 20)), ("POMO_DATABASE_POOL_SIZE", "0"),
        ("POMO_DATABASE_POOL_SIZE", "many"), ("POMO_DATABASE_STATEMENT_TIMEOUT", "-1"),
        // A URL with neither a host nor a socket directory; TLS demanded over a socket; both.
        ("POMO_DATABASE_URL", "postgres://pomo@/pomo"),
        ("POMO_DATABASE_URL", "postgres://pomo@/pomo?host=/run/postgresql&sslmode=require"),
        ("POMO_DATABASE_URL", "postgres://pomo@db/pomo?host=/run/postgresql"),
        ("POMO_DATABASE_URL", "postgres://pomo@/pomo?host=/run/postgresql&port=none"),
        ("POMO_DATABASE_URL", "postgres://pomo@db/pomo?sslmode=sometimes"),
        ("POMO_DATABASE_URL", "postgres://pomo@db:99999/pomo"),
        ("POMO_CHANGE_RETENTION_DAYS", "-1"), ("POMO_CHANGE_RETENTION_DAYS", "a month"),
    ])
    func aBadValueFailsAndNamesTheVariable(variable: String, value: String) {
        let error = #expect(throws: ConfigError.self) { try PomoConfig(environment: [variable: value]) }
        #expect(error?.variable == variable)
        #expect(error?.description.hasPrefix(variable) == true)
    }

    /// The error names the URL pomod refused, but not its password.
    @Test func aRefusedDatabaseURLHidesItsPassword() {
        let error = #expect(throws: ConfigError.self) {
            try PomoConfig(environment: ["POMO_DATABASE_URL": "postgres://pomo:s3cr3t-pw@db/pomo?sslmode=sometimes"])
        }
        #expect(error?.description.contains("s3cr3t-pw") == false)
        #expect(error?.description.contains("postgres://pomo:***@db/pomo") == true)
        #expect(error?.description.contains("sslmode") == true)
        // A URL too broken to find its password in is not shown at all.
        let broken = #expect(throws: ConfigError.self) {
            try PomoConfig(environment: ["POMO_DATABASE_URL": "postgres://pomo:s3cr3t@[db/pomo"])
        }
        #expect(broken?.description.contains("s3cr3t") == false)
    }

    @Test func valuesAreRead() throws {
        let config = try PomoConfig(environment: [
            "POMO_PORT": "9090", "POMO_REGISTRATION": "closed", "POMO_DEFAULT_SUBSCRIPTION": "none",
            "POMO_DATABASE_URL": "postgres://u:p@db:5433/pomo", "POMO_LOG_LEVEL": "debug",
            "POMO_DATABASE_POOL_SIZE": "8", "POMO_DATABASE_STATEMENT_TIMEOUT": "30",
        ])
        #expect(config.databasePoolSize == 8 && config.databaseStatementTimeout == 30)
        #expect(config.port == 9090)
        #expect(!config.registrationOpen)
        #expect(!config.defaultSubscriptionActive)
        #expect(config.databaseURL == "postgres://u:p@db:5433/pomo")
        #expect(config.logLevel == .debug)
    }

    @Test func theGeneratedJWTSecretIsKeptPrivateAndReused() async throws {
        let dir = try TestDatabases.temporaryDirectory()
        var config = TestApp.config(dataDirectory: dir)
        config.jwtSecret = nil
        let runtime = try await PomoRuntime.open(config: config, logger: TestDatabases.logger)
        _ = try await buildApplication(config: config, database: runtime.database, logger: TestDatabases.logger)
        let path = dir + "/jwt-secret"
        let first = try String(contentsOfFile: path, encoding: .utf8)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(first.utf8.count >= 32)
        _ = try await buildApplication(config: config, database: runtime.database, logger: TestDatabases.logger)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == first)
        await runtime.close()
    }
}

/// The README and `.env.example` are how an operator learns the settings; they must not drift.
@Suite struct ConfigDocumentationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func everySettingIsInTheREADMEAndTheExampleEnvironment() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let example = try String(contentsOf: Self.root.appendingPathComponent(".env.example"), encoding: .utf8)
        for variable in PomoConfig.variables {
            #expect(readme.contains("`\(variable)`") || readme.contains("\(variable)` /"), "README lacks \(variable)")
            #expect(example.contains("\n\(variable)="), ".env.example lacks \(variable)")
        }
    }
}
