import Foundation
import Logging
import SQLKit
import SQLiteKit
import SQLiteNIO

/// Embedded SQLite: one file, WAL, foreign keys on, a busy timeout. Writes go through a single
/// writer connection, one transaction at a time; reads use a separate read-only connection,
/// which WAL lets run beside the writer.
final class SQLiteBackend: Sendable {
    private let writer: SQLiteConnection
    private let reader: SQLiteConnection
    private let writeLock = AsyncLock()
    private let logger: Logger

    init(path: String, logger: Logger) async throws {
        self.logger = logger
        writer = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        for pragma in [
            "PRAGMA journal_mode = WAL",
            // FULL: a commit is on disk before the write is acknowledged (survives power loss too).
            "PRAGMA synchronous = FULL",
            "PRAGMA foreign_keys = ON",
            "PRAGMA busy_timeout = 5000",
        ] {
            _ = try await writer.query(pragma)
        }
        _ = try await reader.query("PRAGMA busy_timeout = 5000")
        _ = try await reader.query("PRAGMA query_only = ON")
    }

    func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await body(reader.sql(queryLogLevel: .trace))
    }

    func write<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await writeLock.withLock {
            let db = writer.sql(queryLogLevel: .trace)
            try await db.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                return result
            } catch {
                do { try await db.raw("ROLLBACK").run() } catch {
                    logger.error("SQLite rollback failed: \(String(reflecting: error))")
                }
                throw error
            }
        }
    }

    func close() async {
        try? await reader.close()
        try? await writer.close()
    }
}
