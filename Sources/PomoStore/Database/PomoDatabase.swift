import Logging
import SQLKit

/// One database, SQLite or PostgreSQL, behind one SQL code path. Stores ask for `read` or
/// `write`; a write runs in a transaction and is durable when it returns.
public final class PomoDatabase: Sendable {
    public enum Kind: String, Sendable {
        case sqlite
        case postgres
    }

    enum Backend: Sendable {
        case sqlite(SQLiteBackend)
        case postgres(PostgresBackend)
    }

    public let kind: Kind
    let backend: Backend
    /// A beat after each committed write, for the one reader that follows the change log (the
    /// server's `ChangeHub`): it reads what is new instead of polling. Only the latest beat is
    /// kept, so writes never wait on it.
    public let committed: AsyncStream<Void>
    private let beat: AsyncStream<Void>.Continuation

    init(backend: Backend) {
        (committed, beat) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        self.backend = backend
        switch backend {
        case .sqlite: kind = .sqlite
        case .postgres: kind = .postgres
        }
    }

    /// Runs `body` on a connection that sees every committed write.
    public func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let sqlite): try await sqlite.read(body)
        case .postgres(let postgres): try await postgres.read(body)
        }
    }

    /// Whether the database answers a query now (the health check's question).
    public func ping() async throws {
        let answered = try await read { db in try await db.raw("SELECT 1 AS ok").first() != nil }
        guard answered else { throw PingError.noAnswer }
    }

    public enum PingError: Error { case noAnswer }

    /// Runs `body`, a lookup by key (a few rows found through an index, nothing that scans), on
    /// a connection that sees every committed write. SQLite answers it on the caller's thread,
    /// which costs less than the trip to a connection's queue; PostgreSQL as `read` does.
    public func lookup<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let sqlite): try await sqlite.lookup(body)
        case .postgres(let postgres): try await postgres.read(body)
        }
    }

    /// Runs `body` in one transaction: all of it commits, or none of it does. On SQLite, `body`
    /// may run in another writer's task (group commit), so it must not rely on task-local values
    /// and must not itself wait for another write.
    public func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let result =
            switch backend {
            case .sqlite(let sqlite): try await sqlite.write(body)
            case .postgres(let postgres): try await postgres.write(body)
            }
        beat.yield()
        return result
    }

    /// Runs `body`, one statement that commits by itself (PostgreSQL's autocommit): the
    /// statement alone is atomic, and it takes one round trip where `write` adds BEGIN and
    /// COMMIT. On SQLite it runs as `write` does.
    public func commitAlone<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard case .postgres(let postgres) = backend else { return try await write(body) }
        let result = try await postgres.commitAlone(body)
        beat.yield()
        return result
    }

    /// A token that changes whenever a commit becomes visible, whoever made it (this process,
    /// another `pomod`, a `pomod user` command): what an answer computed from the whole database
    /// can be kept under. Once a commit is visible no later token equals an earlier one, so an
    /// answer read after taking a token is never newer data than a later request holding the
    /// same token would see. SQLite: `PRAGMA data_version`, asked of the lookup connection, which
    /// never writes. PostgreSQL: the current snapshot (the transactions it sees as finished and
    /// as running), which any transaction that writes changes.
    public func dataVersion() async throws -> String {
        switch backend {
        case .sqlite(let sqlite):
            try await sqlite.lookup { db in
                "\(try await db.raw("PRAGMA data_version").first()?.decode(column: "data_version", as: Int64.self) ?? -1)"
            }
        case .postgres(let postgres):
            try await postgres.read { db in
                try await db.kept("SELECT pg_current_snapshot()::text AS snapshot").first()?.decode(
                    column: "snapshot", as: String.self) ?? ""
            }
        }
    }

    /// Runs until cancelled or closed, calling `noticed` whenever a pomod on the same PostgreSQL
    /// database announces committed changes (LISTEN). SQLite has one process: this returns at once.
    public func followChangesOfOtherInstances(_ noticed: @escaping @Sendable () -> Void) async throws {
        guard case .postgres(let postgres) = backend else { return }
        try await postgres.listen(SQLChangeLog.channel, noticed)
    }

    /// Tells the other pomods on this PostgreSQL database that changes were committed here (NOTIFY,
    /// in a statement of its own, not in the writes' transactions). Nothing on SQLite.
    public func announceChanges() async throws {
        guard case .postgres(let postgres) = backend else { return }
        try await postgres.read { db in
            try await db.raw("SELECT pg_notify(\(bind: SQLChangeLog.channel), '')").run()
        }
    }

    /// SQLite's group commit at work (nil on PostgreSQL, which commits each transaction itself).
    public var writeStatistics: WriteStatistics? {
        switch backend {
        case .sqlite(let sqlite): sqlite.writeStatistics
        case .postgres: nil
        }
    }

    /// PostgreSQL's writes so far (nil on SQLite).
    public var postgresStatistics: PostgresWriteStatistics? {
        switch backend {
        case .sqlite: nil
        case .postgres(let postgres): postgres.statistics
        }
    }

    public func close() async {
        beat.finish()
        switch backend {
        case .sqlite(let sqlite): await sqlite.close()
        case .postgres(let postgres): await postgres.close()
        }
    }
}

extension SQLDatabase {
    /// Makes concurrent writers that pass the same key take turns until their transactions end.
    /// SQLite already has a single writer; PostgreSQL takes a transaction-scoped advisory lock.
    public func serializeWrites(key: Int64) async throws {
        guard dialect.name == "postgresql" else { return }
        try await raw("SELECT pg_advisory_xact_lock(\(bind: key))").run()
    }
}
