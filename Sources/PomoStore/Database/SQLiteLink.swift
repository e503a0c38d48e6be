import Dispatch
import Logging
import PomoCore
import SQLKit
import SQLiteKit
import SQLiteNIO
import Synchronization
// SQLiteNIO's vendored SQLite, called directly: the same library (its symbols carry a
// `sqlite_nio_` prefix) that SQLiteNIO itself would use, so there is one SQLite in the process
// and its POSIX locks stay coherent. SwiftPM lets a target import a C module that one of its
// dependencies imports, though the module is not a product of its own.
import VaporCSQLite

/// One SQLite connection of Pomo's own, for the hot path SQLiteNIO leaves slow: every statement
/// SQLiteNIO runs is parsed again (it keeps no prepared statements) and hops from the caller to
/// a thread pool, then to an event loop, then back to the caller.
///
/// Here each connection keeps its prepared statements (up to `statementCapacity`, keyed by SQL
/// text) and runs them on a serial queue of its own, one hop there and one back; or, for
/// statements that take microseconds and never wait (lookups by key, writes inside the writer's
/// open transaction), on the caller's thread (`runHere`). Either way the
/// connection is used under its lock, one statement at a time, which is what makes SQLite's
/// no-mutex mode safe.
final class SQLiteLink: @unchecked Sendable {
    /// Prepared statements kept per connection. SQLKit builds the same text for the same query
    /// shape, so a server uses a few dozen; lists bound into `IN (...)` can make more, and when
    /// the cache is full it starts over.
    static let statementCapacity = 256
    /// How long a statement waits for a lock another process holds before SQLite says busy.
    static let busyTimeoutMilliseconds: Int32 = 5000

    private let queue: DispatchQueue
    private var handle: OpaquePointer?
    private var statements: [String: PreparedStatement] = [:]
    private let transactionOpen = Atomic<Bool>(false)
    /// Kept alive by the connection: SQLite's WAL hook holds it unretained.
    private let walFrames = FrameCount()
    /// Held while the connection runs a statement; `handle` and `statements` are only touched
    /// under it.
    private let access = Mutex(())

    private init(handle: OpaquePointer, label: String) {
        self.handle = handle
        self.queue = DispatchQueue(label: label)
    }

    /// Opens (creating when missing) the database file at `path`.
    static func open(path: String, label: String = "pomo.sqlite") async throws -> SQLiteLink {
        _ = sqliteInitialized
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let status = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let failure = SQLiteFailure(
                code: status, message: "cannot open the SQLite database at \(path): \(Self.message(of: handle))")
            sqlite_nio_sqlite3_close_v2(handle)
            throw failure
        }
        sqlite_nio_sqlite3_busy_timeout(handle, Self.busyTimeoutMilliseconds)
        return SQLiteLink(handle: handle, label: label)
    }

    /// Runs one statement with its bound values, handing each result row to `onRow` (on the
    /// connection's queue, before this returns). A `prelude` (a statement without values or
    /// rows) runs first in the same trip; when it fails, the error is a `PreludeFailure` and the
    /// statement does not run.
    func run(
        _ sql: String, _ binds: [SQLiteData], prelude: String? = nil,
        _ onRow: @escaping @Sendable (any SQLRow) -> Void
    ) async throws {
        try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
            runQueued(sql, binds, prelude: prelude, onRow) { continuation.resume(with: $0) }
        }
    }

    /// Runs one statement (and its `prelude`, as `run` does) on the caller's thread, waiting for
    /// the connection if another caller has it. Only for statements that take microseconds and
    /// never wait for a lock or the disk: lookups by key, and the writes inside a transaction
    /// the writer already holds. A caller here holds one of the few threads Swift's tasks share.
    func runHere(_ sql: String, _ binds: [SQLiteData], prelude: String? = nil, _ onRow: (any SQLRow) -> Void) throws {
        try access.withLock { _ in runWithPrelude(sql, binds, prelude, onRow) }.get()
    }

    /// Runs a statement without values or rows on the caller's thread, unless it would wait
    /// for a lock another connection holds: then nothing ran, and the answer is false.
    func runHereUnlessBusy(_ sql: String) throws -> Bool {
        try access.withLock { _ in
            guard let handle else { throw SQLiteFailure.closed }
            sqlite_nio_sqlite3_busy_timeout(handle, 0)
            defer { sqlite_nio_sqlite3_busy_timeout(handle, Self.busyTimeoutMilliseconds) }
            switch runWithPrelude(sql, [], nil, { _ in }) {
            case .success: return true
            case .failure(let failure as SQLiteFailure) where failure.isBusy: return false
            case .failure(let error): throw error
            }
        }
    }

    /// Runs a statement on the connection's queue, as `run` does, and hands its outcome to
    /// `then`, on that queue, with the connection free again.
    func runQueued(
        _ sql: String, _ binds: [SQLiteData] = [], prelude: String? = nil,
        _ onRow: @escaping @Sendable (any SQLRow) -> Void = { _ in },
        then: @escaping @Sendable (Result<Void, any Error>) -> Void
    ) {
        queue.async {
            then(self.access.withLock { _ in self.runWithPrelude(sql, binds, prelude, onRow) })
        }
    }

    /// Runs one statement on the connection's queue and hands each result row to `onRow` where
    /// SQLite holds it (`SQLiteStatementRow`): no value is copied out unless `onRow` reads it.
    /// An error `onRow` throws ends the statement and is this call's error.
    func scan(_ sql: String, _ binds: [SQLiteData], _ onRow: @escaping @Sendable (any ColumnRow) throws -> Void)
        async throws
    {
        try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
            queue.async {
                let outcome = self.access.withLock { _ in
                    defer { self.noteTransactionState() }
                    return Result {
                        try self.stepLocked(sql, binds) { statement, _ in
                            try onRow(SQLiteStatementRow(statement: statement))
                        }
                    }
                }
                continuation.resume(with: outcome)
            }
        }
    }

    /// The log's size, in pages, at which a commit checkpoints it itself (see `watchLog`).
    static let commitCheckpointFrames: Int32 = 4000

    /// Frames in the write-ahead log after this connection's last commit, once `watchLog` ran.
    var logFrames: Int { walFrames.value.load(ordering: .relaxed) }

    /// Has SQLite report the log's size after each commit (`logFrames`), for the caller to
    /// checkpoint it on another connection. This WAL hook replaces SQLite's automatic checkpoint
    /// inside the commit at 1,000 pages; it checkpoints inside the commit only when the log
    /// passes `SQLiteLink.commitCheckpointFrames`: a checkpoint beside a busy writer never
    /// copies the whole log (new pages arrive while it copies), and SQLite starts the log over
    /// only after one did, so without this the log would grow for as long as writes go on.
    func watchLog() async throws {
        try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
            queue.async {
                let outcome: Result<Void, any Error> = self.access.withLock { _ in
                    guard let handle = self.handle else { return .failure(SQLiteFailure.closed) }
                    let counter = Unmanaged.passUnretained(self.walFrames).toOpaque()
                    sqlite_nio_sqlite3_wal_hook(
                        handle,
                        { context, db, database, frames in
                            guard let context else { return SQLITE_OK }
                            Unmanaged<FrameCount>.fromOpaque(context).takeUnretainedValue().value.store(
                                Int(frames), ordering: .relaxed)
                            if frames >= SQLiteLink.commitCheckpointFrames {
                                // As SQLite's own hook does; a failure here does not fail the commit.
                                sqlite_nio_sqlite3_wal_checkpoint(db, database)
                            }
                            return SQLITE_OK
                        }, counter)
                    return .success(())
                }
                continuation.resume(with: outcome)
            }
        }
    }

    /// Whether a transaction was open after the last statement (SQLite ends one by itself on
    /// some errors, and a `ROLLBACK` ends it too).
    var isInTransaction: Bool { transactionOpen.load(ordering: .acquiring) }

    struct PreludeFailure: Error {
        let underlying: any Error
    }

    /// Finalizes the kept statements and closes the connection, after anything already queued.
    func close() async {
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            queue.async {
                self.access.withLock { _ in
                    self.dropStatements()
                    sqlite_nio_sqlite3_close_v2(self.handle)
                    self.handle = nil
                }
                continuation.resume()
            }
        }
    }

    /// Statements prepared and kept so far (for tests).
    var preparedCount: Int {
        get async {
            await withUnsafeContinuation { continuation in
                queue.async { continuation.resume(returning: self.access.withLock { _ in self.statements.count }) }
            }
        }
    }

    // MARK: Under the lock

    private func runWithPrelude(_ sql: String, _ binds: [SQLiteData], _ prelude: String?, _ onRow: (any SQLRow) -> Void)
        -> Result<Void, any Error>
    {
        defer { noteTransactionState() }
        if let prelude {
            do {
                try runLocked(prelude, [], { _ in })
            } catch {
                return .failure(PreludeFailure(underlying: error))
            }
        }
        return Result { try runLocked(sql, binds, onRow) }
    }

    private func noteTransactionState() {
        transactionOpen.store(handle.map { sqlite_nio_sqlite3_get_autocommit($0) == 0 } ?? false, ordering: .releasing)
    }

    private func runLocked(_ sql: String, _ binds: [SQLiteData], _ onRow: (any SQLRow) -> Void) throws {
        try stepLocked(sql, binds) { statement, prepared in
            let columns = prepared.columns()
            var values: [SQLiteData] = []
            values.reserveCapacity(columns.names.count)
            for index in 0..<Int32(columns.names.count) {
                values.append(Self.value(at: index, of: statement))
            }
            onRow(SQLiteLinkRow(columns: columns, values: values))
        }
    }

    private func stepLocked(
        _ sql: String, _ binds: [SQLiteData], _ onRow: (OpaquePointer, PreparedStatement) throws -> Void
    ) throws {
        guard let handle else { throw SQLiteFailure.closed }
        let prepared = try statement(for: sql, on: handle)
        let statement = prepared.statement
        // Values stay bound until the next run binds every one of them again: clearing them
        // would make SQLite re-prepare any statement whose plan looked at a bound value.
        defer { sqlite_nio_sqlite3_reset(statement) }
        let parameters = Int(sqlite_nio_sqlite3_bind_parameter_count(statement))
        guard binds.count == parameters else {
            throw SQLiteFailure(
                code: SQLITE_RANGE, message: "the statement takes \(parameters) values and was given \(binds.count)")
        }
        for (offset, value) in binds.enumerated() {
            try check(bind(value, at: Int32(offset + 1), of: statement), on: handle)
        }
        while true {
            switch sqlite_nio_sqlite3_step(statement) {
            case SQLITE_ROW:
                try onRow(statement, prepared)
            case SQLITE_DONE:
                return
            case let status:
                throw Self.failure(status, on: handle)
            }
        }
    }

    private func statement(for sql: String, on handle: OpaquePointer) throws -> PreparedStatement {
        if let kept = statements[sql] { return kept }
        var statement: OpaquePointer?
        let status = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else {
            throw Self.failure(status, on: handle)
        }
        if statements.count >= Self.statementCapacity { dropStatements() }
        let prepared = PreparedStatement(statement: statement)
        statements[sql] = prepared
        return prepared
    }

    private func dropStatements() {
        for prepared in statements.values { sqlite_nio_sqlite3_finalize(prepared.statement) }
        statements = [:]
    }

    private func bind(_ value: SQLiteData, at index: Int32, of statement: OpaquePointer) -> Int32 {
        switch value {
        case .integer(let integer): sqlite_nio_sqlite3_bind_int64(statement, index, Int64(integer))
        case .float(let double): sqlite_nio_sqlite3_bind_double(statement, index, double)
        case .text(var text):
            text.withUTF8 { bytes in
                sqlite_nio_sqlite3_bind_text64(
                    statement, index,
                    bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                    UInt64(bytes.count), transientDestructor, UInt8(SQLITE_UTF8))
            }
        case .blob(let buffer):
            buffer.withUnsafeReadableBytes { bytes in
                sqlite_nio_sqlite3_bind_blob64(
                    statement, index, bytes.baseAddress, UInt64(bytes.count), transientDestructor)
            }
        case .null: sqlite_nio_sqlite3_bind_null(statement, index)
        }
    }

    private func check(_ status: Int32, on handle: OpaquePointer) throws {
        guard status == SQLITE_OK else {
            throw Self.failure(status, on: handle)
        }
    }

    private static func value(at index: Int32, of statement: OpaquePointer) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: return .integer(SQLiteInt64(sqlite_nio_sqlite3_column_int64(statement, index)))
        case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(statement, index))
        case SQLITE_TEXT:
            // The length, not the first NUL, ends the text.
            guard let text = sqlite_nio_sqlite3_column_text(statement, index) else { return .text("") }
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, index))
            guard let bytes = sqlite_nio_sqlite3_column_blob(statement, index) else { return .blob(ByteBuffer()) }
            return .blob(ByteBuffer(bytes: UnsafeRawBufferPointer(start: bytes, count: count)))
        default: return .null
        }
    }

    /// The error SQLite keeps on the connection for a call that answered `status`.
    private static func failure(_ status: Int32, on handle: OpaquePointer) -> SQLiteFailure {
        SQLiteFailure(code: sqlite_nio_sqlite3_extended_errcode(handle), message: message(of: handle)).ifUnknown(status)
    }

    private static func message(of handle: OpaquePointer?) -> String {
        guard let handle, let text = sqlite_nio_sqlite3_errmsg(handle) else { return "unknown SQLite error" }
        return String(cString: text)
    }
}

private final class FrameCount: Sendable {
    let value = Atomic<Int>(0)
}

/// A prepared statement and the names of its result columns, read at its first row (a schema
/// change makes SQLite prepare it again, so the count is checked each time).
private final class PreparedStatement {
    let statement: OpaquePointer
    private var cachedColumns: SQLiteLinkColumns?

    init(statement: OpaquePointer) {
        self.statement = statement
    }

    func columns() -> SQLiteLinkColumns {
        let count = Int(sqlite_nio_sqlite3_column_count(statement))
        if let cachedColumns, cachedColumns.names.count == count { return cachedColumns }
        let names = (0..<Int32(count)).map { index in
            sqlite_nio_sqlite3_column_name(statement, index).map { String(cString: $0) } ?? ""
        }
        let columns = SQLiteLinkColumns(names: names)
        cachedColumns = columns
        return columns
    }
}

/// Result column names and where each is; the first of two same-named columns wins.
final class SQLiteLinkColumns: Sendable {
    let names: [String]
    let offsets: [String: Int]

    init(names: [String]) {
        self.names = names
        var offsets: [String: Int] = [:]
        for (offset, name) in names.enumerated() where offsets[name] == nil { offsets[name] = offset }
        self.offsets = offsets
    }
}

/// The row a statement stands on, read in place (`SQLiteLink.scan`). SQLite converts a value
/// of another storage class as its `sqlite3_column_*` functions say; NULL reads as 0 and "".
struct SQLiteStatementRow: ColumnRow {
    let statement: OpaquePointer

    func isNull(_ column: Int) -> Bool { sqlite_nio_sqlite3_column_type(statement, Int32(column)) == SQLITE_NULL }
    func integer(_ column: Int) -> Int64 { sqlite_nio_sqlite3_column_int64(statement, Int32(column)) }
    func real(_ column: Int) -> Double { sqlite_nio_sqlite3_column_double(statement, Int32(column)) }
    func bool(_ column: Int) -> Bool { integer(column) != 0 }

    func withText<R>(_ column: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        // The pointer first, then the length: asking for the text may convert the value.
        let text = sqlite_nio_sqlite3_column_text(statement, Int32(column))
        let count = Int(sqlite_nio_sqlite3_column_bytes(statement, Int32(column)))
        return try body(UnsafeRawBufferPointer(start: text, count: text == nil ? 0 : count))
    }
}

/// One result row, decoded the way SQLiteKit decodes (`SQLiteValues`).
struct SQLiteLinkRow: SQLRow {
    let columns: SQLiteLinkColumns
    let values: [SQLiteData]

    var allColumns: [String] { columns.names }

    func contains(column: String) -> Bool { columns.offsets[column] != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let offset = columns.offsets[column] else { return true }
        return values[offset] == .null
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let offset = columns.offsets[column] else {
            throw DecodingError.keyNotFound(
                SQLiteLinkColumnKey(stringValue: column),
                .init(codingPath: [], debugDescription: "no column \(column) in the result"))
        }
        return try SQLiteValues.decode(D.self, from: values[offset])
    }
}

private struct SQLiteLinkColumnKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// What SQLite said went wrong, with its extended result code.
public struct SQLiteFailure: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let message: String

    /// SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY (C macros Swift does not import).
    public var isUniqueViolation: Bool { code == 2067 || code == 1555 }

    /// Another connection holds the lock (SQLITE_BUSY and its extended codes).
    var isBusy: Bool { code & 0xff == SQLITE_BUSY }

    static let closed = SQLiteFailure(code: SQLITE_MISUSE, message: "the SQLite connection is closed")

    public var description: String { "SQLite error \(code): \(message)" }

    /// The extended code is 0 when SQLite kept no error on the connection (a misuse, say); the
    /// status the call returned says more then.
    fileprivate func ifUnknown(_ status: Int32) -> SQLiteFailure {
        code == SQLITE_OK ? SQLiteFailure(code: status, message: message) : self
    }
}

/// SQLITE_TRANSIENT: SQLite copies a bound value before the call returns.
private let transientDestructor = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// `sqlite3_initialize` once, before the first open (opens from several threads at once race
/// on SQLite's global configuration otherwise).
private let sqliteInitialized: Int32 = sqlite_nio_sqlite3_initialize()

/// SQLKit's face of a `SQLiteLink`: the stores' queries, serialized by SQLKit with SQLite's
/// dialect, their values encoded as SQLiteKit encodes them (`SQLiteValues`).
struct SQLiteLinkDatabase: SQLDatabase {
    let link: SQLiteLink
    let logger: Logger
    /// Statements run on the caller's thread (`SQLiteLink.runHere`) instead of the link's queue.
    var runsHere = false

    var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
    var dialect: any SQLDialect { SQLiteDialect() }
    var queryLogLevel: Logger.Level? { .trace }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void)
        -> EventLoopFuture<Void>
    {
        eventLoop.makeFutureWithTask { try await self.execute(sql: query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await execute(sql: query, prelude: nil, onRow)
    }

    func execute(
        sql query: any SQLExpression, prelude: String?, _ onRow: @escaping @Sendable (any SQLRow) -> Void
    ) async throws {
        let (sql, rawBinds) = serialize(query)
        logger.trace("Executing query", metadata: ["sql": .string(sql)])
        let binds = try rawBinds.map(SQLiteValues.encode)
        if runsHere {
            try link.runHere(sql, binds, prelude: prelude, onRow)
        } else {
            try await link.run(sql, binds, prelude: prelude, onRow)
        }
    }
}
