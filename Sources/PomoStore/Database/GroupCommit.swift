import Logging
import SQLKit
import SQLiteKit
import Synchronization

/// Group commit for SQLite's single writer connection.
///
/// A durable commit waits for an fsync, and SQLite runs one write transaction at a time, so
/// write transactions that queue up behind each other share one SQLite transaction: each runs
/// inside its own savepoint, so its failure undoes only its own changes, and one commit makes
/// them all durable. Nobody returns before the commit that holds their change is on disk, and
/// when that commit fails, every change in it is reported as failed.
///
/// The writes of a batch run back to back in one task, the batch's *lead*: the writer that
/// found nobody writing, or the first one queued when the last batch ended. Their statements run
/// on the lead's thread (inside a transaction they do no I/O that waits), so a batch of 64
/// writes takes no thread switch between them; only `BEGIN IMMEDIATE` (which can wait for
/// another process's lock) and `COMMIT` (which waits for the fsync) go to the connection's
/// queue. Handing the connection from one writer task to the next instead cost a wake-up per
/// write, and on a busy pool those wake-ups, not the disk, were what limited writes per second.
final class GroupCommitWriter: Sendable {
    /// Bounds how long the first member of a batch can wait for the others.
    static let maxBatch = 64

    private struct Line {
        var queued: [any QueuedWrite] = []
        var next = 0
        var writing = false
    }

    private let line = Mutex(Line())
    private let transactions = Atomic<Int>(0)
    private let commits = Atomic<Int>(0)
    private let logger: Logger
    /// Called on the writer's queue after each commit that went through.
    private let afterCommit: @Sendable () -> Void

    init(logger: Logger, afterCommit: @escaping @Sendable () -> Void = {}) {
        self.logger = logger
        self.afterCommit = afterCommit
    }

    /// Write transactions run so far, and the commits they took.
    var statistics: WriteStatistics {
        WriteStatistics(
            transactions: transactions.load(ordering: .relaxed), commits: commits.load(ordering: .relaxed))
    }

    /// Runs `body` in its own savepoint of a shared transaction on `connection`, and returns
    /// once the commit holding it is on disk. `body` runs in whichever task leads its batch.
    func write<T: Sendable>(
        on connection: SQLiteWriterConnection, _ body: @Sendable (any SQLDatabase) async throws -> T
    )
        async throws -> T
    {
        try await withoutActuallyEscaping(body) { body in
            let write = PendingWrite(body)
            var leads = line.withLock { line in
                line.queued.append(write)
                if line.writing { return false }
                line.writing = true
                return true
            }
            while !write.isFinished {
                if !leads { leads = await write.nextTurn() }
                if leads {
                    await writeBatch(on: connection)
                    leads = false
                }
            }
            // `body` is no longer held by anyone (`withoutActuallyEscaping` checks).
            return try write.outcome()
        }
    }

    /// The next write waiting, while the batch has room.
    private func nextQueued(after count: Int) -> (any QueuedWrite)? {
        guard count < Self.maxBatch else { return nil }
        return line.withLock { line in
            guard line.next < line.queued.count else { return nil }
            defer { line.next += 1 }
            return line.queued[line.next]
        }
    }

    /// Runs the queued writes in one transaction and has the connection's queue commit it;
    /// when the commit is on disk, `endBatch` hands the connection on and wakes the members. The
    /// lead returns at once and waits for that like every member.
    private func writeBatch(on connection: SQLiteWriterConnection) async {
        var members: [any QueuedWrite] = []
        do {
            try await begin(on: connection)
            while let write = nextQueued(after: members.count) {
                members.append(write)
                transactions.add(1, ordering: .relaxed)
                try await write.runInSavepoint(on: connection.here)
            }
        } catch {
            // No transaction (BEGIN failed): only the first write learns it, the others try
            // again in the next batch. Otherwise nothing in this batch can be trusted.
            if members.isEmpty, let first = nextQueued(after: 0) { members.append(first) }
            // ROLLBACK only drops this transaction's pages: nothing to wait for.
            rollBack(on: connection.link)
            endBatch(members, failure: error)
            return
        }
        connection.link.runQueued("COMMIT") { [members] outcome in
            switch outcome {
            case .success:
                self.commits.add(1, ordering: .relaxed)
                self.endBatch(members, failure: nil)
                self.afterCommit()
            case .failure(let error):
                self.rollBack(on: connection.link)
                self.endBatch(members, failure: error)
            }
        }
    }

    /// `BEGIN IMMEDIATE` takes the write lock at once unless another process holds it; waiting
    /// for that (up to SQLite's busy timeout) is left to the connection's queue.
    private func begin(on connection: SQLiteWriterConnection) async throws {
        if try connection.link.runHereUnlessBusy("BEGIN IMMEDIATE") { return }
        try await connection.queued.raw("BEGIN IMMEDIATE").run()
    }

    /// Hands the connection to the first write still queued (or leaves it free), then tells the
    /// batch's members how it ended.
    private func endBatch(_ members: [any QueuedWrite], failure: (any Error)?) {
        let nextLead = line.withLock { line -> (any QueuedWrite)? in
            line.queued.removeFirst(line.next)
            line.next = 0
            guard let first = line.queued.first else {
                line.writing = false
                return nil
            }
            return first
        }
        nextLead?.wake(leading: true)
        for member in members { member.finish(failure) }
    }

    /// Rolls a failed batch back, on the calling thread (the lead's, or the queue's after a
    /// failed commit).
    private func rollBack(on link: SQLiteLink) {
        do { try link.runHere("ROLLBACK", []) { _ in } } catch {
            // No transaction left to roll back is the usual reason, and harmless.
            logger.debug("SQLite rollback after a failed batch: \(String(reflecting: error))")
        }
    }
}

/// The writer connection seen two ways: statements that may wait (`BEGIN IMMEDIATE`, `COMMIT`)
/// go to its queue, the statements of write bodies run on the calling thread.
struct SQLiteWriterConnection: Sendable {
    let link: SQLiteLink
    let queued: SQLiteLinkDatabase
    let here: SQLiteLinkDatabase

    init(_ link: SQLiteLink, logger: Logger) {
        self.link = link
        queued = SQLiteLinkDatabase(link: link, logger: logger)
        here = SQLiteLinkDatabase(link: link, logger: logger, runsHere: true)
    }
}

/// A write waiting for its batch, seen by the batch's lead.
private protocol QueuedWrite: AnyObject, Sendable {
    /// Runs the body in a savepoint; the body's own error is kept for its writer. Throws when
    /// the savepoint cannot be undone or released, or the shared transaction did not survive.
    func runInSavepoint(on db: SQLiteLinkDatabase) async throws
    /// The batch is over: `failure` is why it did not commit (nil: it did). Wakes the writer.
    func finish(_ failure: (any Error)?)
    /// Wakes the writer to lead the next batch.
    func wake(leading: Bool)
}

private final class PendingWrite<T: Sendable>: QueuedWrite {
    private struct State {
        var body: (@Sendable (any SQLDatabase) async throws -> T)?
        var outcome: Result<T, any Error>?
        var finished = false
        var turn: Bool?
        var waiter: CheckedContinuation<Bool, Never>?
    }
    private let state: Mutex<State>

    init(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) {
        state = Mutex(State(body: body))
    }

    var isFinished: Bool { state.withLock { $0.finished } }

    /// The body's value, or why the write failed: its own error first, then the batch's.
    func outcome() throws -> T {
        try state.withLock { $0.outcome! }.get()
    }

    /// Waits to be woken: true to lead the next batch, false when finished.
    func nextTurn() async -> Bool {
        await withCheckedContinuation { continuation in
            let turn = state.withLock { state -> Bool? in
                if let turn = state.turn {
                    state.turn = nil
                    return turn
                }
                state.waiter = continuation
                return nil
            }
            if let turn { continuation.resume(returning: turn) }
        }
    }

    func wake(leading: Bool) {
        let waiter = state.withLock { state in
            defer { state.waiter = nil }
            if state.waiter == nil { state.turn = leading }
            return state.waiter
        }
        waiter?.resume(returning: leading)
    }

    func runInSavepoint(on db: SQLiteLinkDatabase) async throws {
        guard let body = state.withLock({ $0.body }) else { return }
        let scope = SavepointScope(db, name: "pomo_write")
        let outcome: Result<T, any Error>
        do {
            outcome = .success(try await body(scope))
        } catch {
            outcome = .failure(error)
            if scope.isOpen { try await db.raw("ROLLBACK TO pomo_write").run() }
        }
        state.withLock { $0.outcome = outcome }
        // A body that ran no statement, or whose savepoint did not open, has nothing to undo or
        // release. Releasing keeps the savepoints one deep (SQLite's bookkeeping grows with
        // their depth, and an unreleased nest of 64 made submits slower).
        if scope.isOpen { try await db.raw("RELEASE pomo_write").run() }
        guard db.link.isInTransaction else { throw TransactionEnded() }
    }

    func finish(_ failure: (any Error)?) {
        state.withLock { state in
            // The body is let go before its writer can return (`withoutActuallyEscaping`).
            state.body = nil
            state.finished = true
            switch (state.outcome, failure) {
            case (.failure, _): break
            case (_, let failure?): state.outcome = .failure(failure)
            case (.success, nil): break
            case (nil, nil): state.outcome = .failure(TransactionEnded())
            }
        }
        wake(leading: false)
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

/// How well group commit works: `transactions / commits` write transactions share each fsync.
public struct WriteStatistics: Sendable, Equatable {
    public var transactions: Int
    public var commits: Int
    /// Checkpoints of the write-ahead log, run beside the writer.
    public var checkpoints = 0
}
