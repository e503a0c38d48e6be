import Logging
import NIOCore
import PostgresKit
import PostgresNIO
import SQLKit

/// A PostgreSQL connection that runs `SQLTemplate` statements and `kept` queries as named
/// prepared statements, prepared once per connection and then only bound and executed:
/// PostgreSQL parses and plans an unnamed statement on every run, which cost more of its time
/// than running Pomo's short statements did. Their texts come from fixed sets, so the statements
/// kept per connection are bounded (times the shapes of their values); every other query runs
/// unnamed, as before.
struct PostgresKeptStatements: SQLDatabase {
    let base: any SQLDatabase
    let connection: PostgresConnection
    /// The template this database runs (`keeping`), whatever query it is handed.
    private var template: FilledTemplate?

    init(_ connection: PostgresConnection) {
        self.connection = connection
        base = connection.sql(queryLogLevel: .trace)
    }

    /// This connection for one run of a template, which it runs as a kept statement.
    func keeping(_ template: FilledTemplate) -> PostgresKeptStatements {
        var database = self
        database.template = template
        return database
    }

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void)
        -> EventLoopFuture<Void>
    {
        base.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        guard let template, let (bindings, shape) = Self.bindings(template.values) else {
            return try await base.execute(sql: query, onRow)
        }
        var hasher = Hasher()
        hasher.combine(template.sql)
        hasher.combine(shape)
        let name = "pomo_" + String(UInt64(bitPattern: Int64(hasher.finalize())), radix: 16)
        do {
            let rows = try await KeptStatement.$current.withValue((name, template.sql)) {
                try await connection.execute(KeptStatement(bindings: bindings), logger: connection.logger)
            }
            for try await row in rows { onRow(PostgresFastRow(row)) }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "0A000" {
            // "cached plan must not change result type": another pomod migrated a table this
            // statement reads with `*` while this connection kept it. Outside a transaction the
            // statement runs unnamed instead, as every statement did before (inside one, the
            // transaction is over and fails). New connections prepare it afresh.
            logger.debug("kept statement \(name) outlived a schema change; running it unnamed")
            try await base.execute(sql: query, onRow)
        }
    }

    /// The values bound as PostgresNIO encodes them, and their types in one word (a statement is
    /// prepared with its parameters' types: a value of another type, or NULL where a value was,
    /// needs a statement of its own). Nil for a value of another type than these.
    static func bindings(_ values: [any Encodable & Sendable]) -> (PostgresBindings, String)? {
        var bindings = PostgresBindings(capacity: values.count)
        var shape = ""
        shape.reserveCapacity(values.count)
        for value in values {
            // The concrete types first (a cast to one also unwraps an optional holding it); the
            // protocol cast for NULL looks its conformance up and only `nil` needs it.
            switch value {
            case let value as Int64:
                bindings.append(value)
                shape.append("i")
            case let value as Int:
                bindings.append(value)
                shape.append("i")
            case let value as Double:
                bindings.append(value)
                shape.append("d")
            case let value as String:
                bindings.append(value)
                shape.append("s")
            case let value as Bool:
                bindings.append(value)
                shape.append("b")
            case let optional as any OptionalValue where optional.isNone:
                bindings.appendNull()
                shape.append("n")
            default:
                return nil
            }
        }
        return (bindings, shape)
    }
}

/// A row that decodes Pomo's column types (text, 64-bit integers, doubles, booleans, and NULL
/// for each) straight from the cell: PostgresKit's row finds each value's decoder through
/// dynamic casts and conformance lookups on every call, which for a page of 50 sessions of 35
/// columns cost more than reading the page did. Any other type takes PostgresKit's way.
struct PostgresFastRow: SQLRow {
    let row: PostgresRow
    let cells: PostgresRandomAccessRow

    init(_ row: PostgresRow) {
        self.row = row
        cells = row.makeRandomAccess()
    }

    var allColumns: [String] { cells.map(\.columnName) }

    func contains(column: String) -> Bool { cells.contains(column) }

    func decodeNil(column: String) throws -> Bool { !cells.contains(column) || cells[column].bytes == nil }

    func decode<T: Decodable>(column: String, as type: T.Type) throws -> T {
        guard cells.contains(column) else { return try row.sql().decode(column: column, as: type) }
        let cell = cells[column]
        // Exact types only (metatype identity, no casts); the result is the value as `T` already.
        if T.self == String.self { return try cell.decode(String.self) as! T }
        if T.self == Int64.self { return try cell.decode(Int64.self) as! T }
        if T.self == Int.self { return try cell.decode(Int.self) as! T }
        if T.self == Double.self { return try cell.decode(Double.self) as! T }
        if T.self == Bool.self { return try cell.decode(Bool.self) as! T }
        if T.self == String?.self { return try cell.decode(String?.self) as! T }
        if T.self == Int64?.self { return try cell.decode(Int64?.self) as! T }
        if T.self == Int?.self { return try cell.decode(Int?.self) as! T }
        if T.self == Double?.self { return try cell.decode(Double?.self) as! T }
        if T.self == Bool?.self { return try cell.decode(Bool?.self) as! T }
        return try row.sql().decode(column: column, as: type)
    }
}

/// PostgresNIO keeps prepared statements per connection by a name and text that its API takes
/// from the statement's type; a template's are known only when it runs, so they are handed over
/// in a task-local value that `execute` reads as it starts.
private struct KeptStatement: PostgresPreparedStatement {
    @TaskLocal static var current: (name: String, sql: String) = ("", "")
    static var name: String { current.name }
    static var sql: String { current.sql }

    let bindings: PostgresBindings

    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

private protocol OptionalValue {
    var isNone: Bool { get }
}

extension Optional: OptionalValue {
    var isNone: Bool { self == nil }
}
