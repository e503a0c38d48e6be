import Logging
import SQLKit
import Synchronization

/// Embedded SQLite: one file, WAL, foreign keys on, a busy timeout. Writes go through a single
/// writer connection, one at a time, and writes that queue up run back to back in one task and
/// share a commit (`GroupCommitWriter`);
/// reads take turns over a few read-only connections, which WAL lets run beside the writer and
/// each other, and one more connection answers lookups by key on the caller's thread. Each
/// connection is a `SQLiteLink`: its own queue, its statements kept prepared.
final class SQLiteBackend: Sendable {
    static let readerCount = 4

    private let writerConnection: SQLiteWriterConnection
    private let readers: [SQLiteLinkDatabase]
    private let lookups: SQLiteLinkDatabase
    private let nextReader = Atomic<Int>(0)
    private let writer: GroupCommitWriter

    init(path: String, logger: Logger) async throws {
        writer = GroupCommitWriter(logger: logger)
        writerConnection = SQLiteWriterConnection(
            try await SQLiteLink.open(path: path, label: "pomo.sqlite.writer"), logger: logger)
        var readers: [SQLiteLinkDatabase] = []
        for index in 0..<Self.readerCount {
            readers.append(
                SQLiteLinkDatabase(
                    link: try await SQLiteLink.open(path: path, label: "pomo.sqlite.reader\(index)"), logger: logger))
        }
        self.readers = readers
        lookups = SQLiteLinkDatabase(
            link: try await SQLiteLink.open(path: path, label: "pomo.sqlite.lookups"), logger: logger, runsHere: true)
        for pragma in [
            "PRAGMA journal_mode = WAL",
            // FULL: a commit is on disk before the write is acknowledged (survives power loss too).
            "PRAGMA synchronous = FULL",
            "PRAGMA foreign_keys = ON",
        ] {
            try await writerConnection.queued.raw(SQLQueryString(pragma)).run()
        }
        for reader in readers + [lookups] {
            try await reader.raw("PRAGMA query_only = ON").run()
        }
    }

    func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let index = nextReader.add(1, ordering: .relaxed).newValue
        return try await body(readers[abs(index % readers.count)])
    }

    /// Lookups by key run on the caller's thread, on a connection kept for them.
    func lookup<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await body(lookups)
    }

    func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await writer.write(on: writerConnection, body)
    }

    var writeStatistics: WriteStatistics { writer.statistics }

    func close() async {
        for reader in readers + [lookups] { await reader.link.close() }
        await writerConnection.queued.link.close()
    }
}
