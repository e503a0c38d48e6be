import Foundation
import Logging
import PomoStore
import SQLKit

/// The databases every store and server test runs against: SQLite always, PostgreSQL when
/// `POMO_TEST_POSTGRES_URL` names a server (the test script starts a throwaway cluster and sets
/// it). With `POMO_TEST_REQUIRE_POSTGRES=1` a missing server fails the PostgreSQL cases instead
/// of leaving them out.
public enum TestBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    public static var available: [TestBackend] {
        let env = ProcessInfo.processInfo.environment
        let hasPostgres = !(env["POMO_TEST_POSTGRES_URL"] ?? "").isEmpty || env["POMO_TEST_REQUIRE_POSTGRES"] == "1"
        return hasPostgres ? [.sqlite, .postgres] : [.sqlite]
    }
}

public enum TestDatabases {
    public static let logger: Logger = {
        var logger = Logger(label: "pomo-test")
        logger.logLevel = .warning
        return logger
    }()

    /// A fresh, empty database: a new SQLite file in a new temporary directory, or a new
    /// PostgreSQL database on the test cluster. Migrated unless `migrate` is false.
    public static func open(_ backend: TestBackend, migrate: Bool = true) async throws -> PomoDatabase {
        try await open(backend, at: try await freshLocation(backend), migrate: migrate)
    }

    /// Where a new, empty database is: a SQLite file's path or a PostgreSQL URL. Opened more than
    /// once, it is a server restarting on the same data.
    public static func freshLocation(_ backend: TestBackend) async throws -> String {
        switch backend {
        case .sqlite: try temporaryDirectory() + "/pomo.sqlite"
        case .postgres: try await createPostgresDatabase()
        }
    }

    public static func open(_ backend: TestBackend, at location: String, migrate: Bool = true) async throws
        -> PomoDatabase
    {
        let database: PomoDatabase
        switch backend {
        case .sqlite: database = try await PomoDatabase.openSQLite(path: location, logger: logger)
        case .postgres: database = try await PomoDatabase.openPostgres(url: location, logger: logger)
        }
        if migrate { try await Migrator().migrate(database) }
        return database
    }

    /// A new empty directory under the system's temporary directory.
    public static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "pomo-test-" + UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Creates `pomo_t_<random>` on the test cluster and returns its URL.
    public static func createPostgresDatabase() async throws -> String {
        guard let adminURL = ProcessInfo.processInfo.environment["POMO_TEST_POSTGRES_URL"], !adminURL.isEmpty,
            var components = URLComponents(string: adminURL)
        else {
            throw TestSetupError(
                "POMO_TEST_POSTGRES_URL is not set: run ./scripts/test.sh, which starts a PostgreSQL cluster")
        }
        let name = "pomo_t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let admin = try await PomoDatabase.openPostgres(url: adminURL, logger: logger)
        do {
            try await admin.read { db in try await db.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
        } catch {
            await admin.close()
            throw error
        }
        await admin.close()
        components.path = "/" + name
        return components.string!
    }
}

/// Runs `body` and closes the database, also when `body` throws.
public func withDatabase(_ database: PomoDatabase, _ body: (PomoDatabase) async throws -> Void) async throws {
    do { try await body(database) } catch {
        await database.close()
        throw error
    }
    await database.close()
}

public struct TestSetupError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
