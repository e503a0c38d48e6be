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
    private let checkpointer: Checkpointer

    init(path: String, logger: Logger) async throws {
        let writerLink = try await SQLiteLink.open(path: path, label: "pomo.sqlite.writer")
        let checkpointer = Checkpointer(
            link: try await SQLiteLink.open(path: path, label: "pomo.sqlite.checkpoint"), logger: logger)
        self.checkpointer = checkpointer
        writer = GroupCommitWriter(logger: logger) { checkpointer.afterCommit(logFrames: writerLink.logFrames) }
        writerConnection = SQLiteWriterConnection(writerLink, logger: logger)
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
        try await writerLink.watchLog()
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

    var writeStatistics: WriteStatistics {
        var statistics = writer.statistics
        statistics.checkpoints = checkpointer.count
        return statistics
    }

    func close() async {
        await checkpointer.link.close()
        for reader in readers + [lookups] { await reader.link.close() }
        await writerConnection.queued.link.close()
    }
}

/// Checkpoints SQLite's write-ahead log on a connection of its own, so that commits seldom wait
/// for one: SQLite would otherwise copy the log into the database file (and fsync it) inside the
/// commit that took the log past 1,000 pages, about 10 ms every few hundred commits under load.
/// A passive checkpoint runs beside the writer and readers. Under steady writes it never copies
/// the whole log, so the writer still checkpoints inside a commit when the log passes 4,000 pages
/// (`SQLiteLink.watchLog`), with most of the copying already done.
final class Checkpointer: Sendable {
    let link: SQLiteLink
    private let logger: Logger
    private let running = Atomic<Bool>(false)
    private let done = Atomic<Int>(0)
    /// The log's size, in pages, past which a commit starts a checkpoint (SQLite's own default).
    static let threshold = 1000

    init(link: SQLiteLink, logger: Logger) {
        self.link = link
        self.logger = logger
    }

    /// Checkpoints run so far.
    var count: Int { done.load(ordering: .relaxed) }

    /// Called after each commit with the log's size; starts a checkpoint when the log is past
    /// `threshold` and none is running.
    func afterCommit(logFrames: Int) {
        guard logFrames >= Self.threshold,
            running.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else { return }
        link.runQueued("PRAGMA wal_checkpoint(PASSIVE)") { outcome in
            if case .failure(let error) = outcome {
                self.logger.warning("SQLite checkpoint failed: \(String(reflecting: error))")
            } else {
                self.done.add(1, ordering: .relaxed)
            }
            self.running.store(false, ordering: .releasing)
        }
    }
}
