import Logging
import SQLKit
import SQLiteKit
import Synchronization

/// Group commit for SQLite's single writer connection.
///
/// A durable commit waits for an fsync, which on most disks takes longer than the writes it
/// protects. Write transactions that queue up behind each other therefore share one SQLite
/// transaction: each runs inside its own savepoint, so its failure undoes only its own changes,
/// and the last one in the queue (or the one that fills the batch) commits for all of them.
/// Nobody returns before the commit that holds their changes is on disk, and when that commit
/// fails, every change in it is reported as failed. A lone writer gets a transaction of its own.
///
/// A member's savepoint opens in the same trip to the connection as its first statement, so a
/// one-statement write takes two trips (the statement, the release) besides the shared commit.
final class GroupCommitWriter: Sendable {
    /// Bounds how long the first member of a batch can wait for the others.
    static let maxBatch = 64

    private struct Open {
        var batch: Batch?
        var members = 0
    }

    private let lock = AsyncLock()
    private let transactions = Atomic<Int>(0)
    private let commits = Atomic<Int>(0)
    /// Touched only by the holder of `lock`; the Mutex makes that visible to the compiler.
    private let open = Mutex(Open())
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    /// Write transactions run so far, and the commits they took.
    var statistics: WriteStatistics {
        WriteStatistics(
            transactions: transactions.load(ordering: .relaxed), commits: commits.load(ordering: .relaxed))
    }

    func write<T: Sendable>(on db: SQLiteLinkDatabase, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let (outcome, batch) = await lock.withLock { await runMember(on: db, body) }
        // Even a failed member waits: the changes queued before it become visible to readers
        // first, so what it reads next (a conflicting row, say) is there.
        let committed = await batch.committed()
        let value = try outcome.get()
        try committed.get()
        return value
    }

    private func runMember<T: Sendable>(on db: SQLiteLinkDatabase, _ body: (any SQLDatabase) async throws -> T) async
        -> (Result<T, any Error>, Batch)
    {
        let batch: Batch
        if let current = open.withLock({ $0.batch }) {
            batch = current
        } else {
            batch = Batch()
            do {
                try await db.raw("BEGIN IMMEDIATE").run()
            } catch {
                batch.finish(.failure(error))
                return (.failure(error), batch)
            }
            open.withLock { $0.batch = batch }
        }
        transactions.add(1, ordering: .relaxed)
        let members = open.withLock { open in
            open.members += 1
            return open.members
        }
        let outcome: Result<T, any Error>
        do {
            outcome = try await inSavepoint(on: db, body)
        } catch {
            // The savepoint itself could not be opened or closed (the disk failed, say, and
            // SQLite rolled the transaction back): nothing in this batch can be trusted.
            await abandon(batch, on: db, because: error)
            return (.failure(error), batch)
        }
        if members >= Self.maxBatch || !lock.hasWaiters {
            await commit(batch, on: db)
        }
        return (outcome, batch)
    }

    /// The body's own result; throws when its savepoint cannot be undone or the shared
    /// transaction did not survive it.
    private func inSavepoint<T: Sendable>(on db: SQLiteLinkDatabase, _ body: (any SQLDatabase) async throws -> T)
        async throws -> Result<T, any Error>
    {
        let scope = SavepointScope(db, name: "pomo_write")
        let outcome: Result<T, any Error>
        do {
            outcome = .success(try await body(scope))
        } catch {
            outcome = .failure(error)
            if scope.isOpen { try await db.raw("ROLLBACK TO pomo_write").run() }
        }
        // A body that ran no statement, or whose savepoint did not open, has nothing to undo or
        // release. Releasing keeps the savepoints one deep (SQLite's bookkeeping grows with
        // their depth, and an unreleased nest of 64 made submits slower).
        if scope.isOpen { try await db.raw("RELEASE pomo_write").run() }
        guard db.link.isInTransaction else { throw TransactionEnded() }
        return outcome
    }

    private func commit(_ batch: Batch, on db: SQLiteLinkDatabase) async {
        open.withLock { $0 = Open() }
        do {
            try await db.raw("COMMIT").run()
            commits.add(1, ordering: .relaxed)
            batch.finish(.success(()))
        } catch {
            batch.finish(.failure(error))
            await rollBack(on: db)
        }
    }

    private func abandon(_ batch: Batch, on db: SQLiteLinkDatabase, because error: any Error) async {
        open.withLock { $0 = Open() }
        batch.finish(.failure(error))
        await rollBack(on: db)
    }

    private func rollBack(on db: SQLiteLinkDatabase) async {
        do { try await db.raw("ROLLBACK").run() } catch {
            // No transaction left to roll back is the usual reason, and harmless.
            logger.debug("SQLite rollback after a failed batch: \(String(reflecting: error))")
        }
    }
}

/// A write body ended the transaction its batch shares (a `ROLLBACK` of its own, or an error
/// SQLite answers by rolling back), so nothing in the batch can be committed.
struct TransactionEnded: Error, CustomStringConvertible {
    var description: String { "the shared SQLite write transaction ended inside a write" }
}

/// What a write body runs its statements on: the writer connection, with the body's savepoint
/// sent ahead of its first statement. Statements of one body run one after another.
final class SavepointScope: SQLDatabase, Sendable {
    private enum State { case pending, opening, open, notOpened }
    private let base: SQLiteLinkDatabase
    private let name: String
    private let state = Mutex(State.pending)

    init(_ base: SQLiteLinkDatabase, name: String) {
        self.base = base
        self.name = name
    }

    /// Whether the savepoint was opened (the body ran a statement and the savepoint came first).
    var isOpen: Bool { state.withLock { $0 == .open } }

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void)
        -> EventLoopFuture<Void>
    {
        eventLoop.makeFutureWithTask { try await self.execute(sql: query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let opening = state.withLock { state in
            guard state == .pending else { return false }
            state = .opening
            return true
        }
        guard opening else { return try await base.execute(sql: query, onRow) }
        do {
            try await base.execute(sql: query, prelude: "SAVEPOINT \(name)", onRow)
            state.withLock { $0 = .open }
        } catch let failure as SQLiteLink.PreludeFailure {
            state.withLock { $0 = .notOpened }
            throw failure.underlying
        } catch {
            state.withLock { $0 = .open }
            throw error
        }
    }
}

/// The writes that share one transaction, and their wait for its commit.
final class Batch: Sendable {
    private struct State {
        var outcome: Result<Void, any Error>?
        var waiters: [CheckedContinuation<Result<Void, any Error>, Never>] = []
    }
    private let state = Mutex(State())

    func finish(_ outcome: Result<Void, any Error>) {
        let waiters = state.withLock { state in
            state.outcome = outcome
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: outcome) }
    }

    func committed() async -> Result<Void, any Error> {
        await withCheckedContinuation { continuation in
            let outcome = state.withLock { state in
                if state.outcome == nil { state.waiters.append(continuation) }
                return state.outcome
            }
            if let outcome { continuation.resume(returning: outcome) }
        }
    }
}

/// How well group commit works: `transactions / commits` write transactions share each fsync.
public struct WriteStatistics: Sendable, Equatable {
    public var transactions: Int
    public var commits: Int
}
