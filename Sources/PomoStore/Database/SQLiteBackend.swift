import Foundation
import Logging
import SQLKit
import SQLiteKit
import SQLiteNIO
import Synchronization

/// Embedded SQLite: one file, WAL, foreign keys on, a busy timeout. Writes go through a single
/// writer connection, one transaction at a time; reads take turns over a few read-only
/// connections, which WAL lets run beside the writer and each other.
final class SQLiteBackend: Sendable {
    static let readerCount = 4

    private let writer: SQLiteConnection
    private let readers: [SQLiteConnection]
    private let nextReader = Atomic<Int>(0)
    private let writeLock = AsyncLock()
    private let logger: Logger

    init(path: String, logger: Logger) async throws {
        self.logger = logger
        writer = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        var readers: [SQLiteConnection] = []
        for _ in 0..<Self.readerCount {
            readers.append(try await SQLiteConnection.open(storage: .file(path: path), logger: logger))
        }
        self.readers = readers
        for pragma in [
            "PRAGMA journal_mode = WAL",
            // FULL: a commit is on disk before the write is acknowledged (survives power loss too).
            "PRAGMA synchronous = FULL",
            "PRAGMA foreign_keys = ON",
            "PRAGMA busy_timeout = 5000",
        ] {
            _ = try await writer.query(pragma)
        }
        for reader in readers {
            _ = try await reader.query("PRAGMA busy_timeout = 5000")
            _ = try await reader.query("PRAGMA query_only = ON")
        }
    }

    func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let index = nextReader.add(1, ordering: .relaxed).newValue
        return try await body(readers[abs(index % readers.count)].sql(queryLogLevel: .trace))
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
        for reader in readers { try? await reader.close() }
        try? await writer.close()
    }
}
