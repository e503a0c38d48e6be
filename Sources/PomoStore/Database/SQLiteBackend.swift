import Foundation
import Logging
import SQLKit
import SQLiteKit
import SQLiteNIO
import Synchronization

/// Embedded SQLite: one file, WAL, foreign keys on, a busy timeout. Writes go through a single
/// writer connection, one at a time, and writes that queue up share a commit (`GroupCommitWriter`);
/// reads take turns over a few read-only connections, which WAL lets run beside the writer and
/// each other.
final class SQLiteBackend: Sendable {
    static let readerCount = 4

    private let writerConnection: SQLiteConnection
    private let readers: [SQLiteConnection]
    private let nextReader = Atomic<Int>(0)
    private let writer: GroupCommitWriter

    init(path: String, logger: Logger) async throws {
        writer = GroupCommitWriter(logger: logger)
        writerConnection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
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
            _ = try await writerConnection.query(pragma)
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
        try await writer.write(on: writerConnection.sql(queryLogLevel: .trace), body)
    }

    var writeStatistics: WriteStatistics { writer.statistics }

    func close() async {
        for reader in readers { try? await reader.close() }
        try? await writerConnection.close()
    }
}
