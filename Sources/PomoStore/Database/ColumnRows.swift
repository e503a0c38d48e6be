import PomoCore
import PostgresNIO
import SQLKit
import Synchronization

extension SQLDatabase {
    /// Runs `query` (as `kept` does) and hands each row to `onRow` by column position: in place
    /// on SQLite, from the cells as they arrive on PostgreSQL. `names` are the result's columns
    /// in order, for a row that can only be read by name. The first error `onRow` throws ends
    /// the reading (the rows still arriving are skipped) and is this call's error.
    func scan(
        _ query: SQLQueryString, columns names: [String], _ onRow: @escaping @Sendable (any ColumnRow) throws -> Void
    ) async throws {
        if let sqlite = self as? SQLiteLinkDatabase { return try await sqlite.scan(query, onRow) }
        let failure = Mutex<(any Error)?>(nil)
        try await kept(query).run { row in
            guard failure.withLock({ $0 == nil }) else { return }
            do {
                if let row = row as? PostgresFastRow {
                    try onRow(PostgresColumnRow(cells: row.cells))
                } else {
                    try onRow(NamedColumnRow(row: row, names: names))
                }
            } catch {
                failure.withLock { $0 = error }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
    }
}

/// A list's columns in the order `scan` hands its rows over: the SELECT that reads them and
/// their names in the result (for a row that can only be read by name), made once per list.
struct ListedColumns: Sendable {
    let select: SQLQueryString
    let names: [String]

    /// `columns` as (expression, name in the result) pairs, read from `tables`.
    init(_ columns: [(sql: String, name: String)], from tables: String) {
        names = columns.map(\.name)
        select = SQLQueryString(
            "SELECT " + columns.map { "\($0.sql) AS \($0.name)" }.joined(separator: ", ") + " FROM " + tables)
    }
}

extension SQLiteLinkDatabase {
    func scan(_ query: SQLQueryString, _ onRow: @escaping @Sendable (any ColumnRow) throws -> Void) async throws {
        let (sql, rawBinds) = serialize(query)
        try await link.scan(sql, try rawBinds.map(SQLiteValues.encode), onRow)
    }
}

/// A PostgreSQL row read from its cells by position, decoded as PostgresNIO decodes them.
struct PostgresColumnRow: ColumnRow {
    let cells: PostgresRandomAccessRow

    func isNull(_ column: Int) -> Bool { cells[column].bytes == nil }
    func integer(_ column: Int) throws -> Int64 { try cells[column].decode(Int64.self) }
    func real(_ column: Int) throws -> Double { try cells[column].decode(Double.self) }
    func bool(_ column: Int) throws -> Bool { try cells[column].decode(Bool.self) }

    func withText<R>(_ column: Int, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        guard let bytes = cells[column].bytes else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try bytes.withUnsafeReadableBytes(body)
    }
}

/// Any other row, read by the name of the column at each position.
struct NamedColumnRow: ColumnRow {
    let row: any SQLRow
    let names: [String]

    func isNull(_ column: Int) throws -> Bool { try row.decodeNil(column: names[column]) }
    func integer(_ column: Int) throws -> Int64 { try row.decode(column: names[column], as: Int64.self) }
    func real(_ column: Int) throws -> Double { try row.decode(column: names[column], as: Double.self) }
    func bool(_ column: Int) throws -> Bool { try row.decode(column: names[column], as: Bool.self) }

    func withText<R>(_ column: Int, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        var text = try row.decode(column: names[column], as: String.self)
        return try text.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
    }
}
