import SQLiteKit
import SQLiteNIO

/// SQLiteKit's conversions between Swift values and `SQLiteData`, with a direct path for the
/// types the stores bind and read nearly always (text, integers, reals, booleans, and their
/// optionals). `SQLiteDataEncoder` and `SQLiteDataDecoder` first cast every value to
/// `SQLiteDataConvertible` (a protocol-conformance lookup each time) and box an `Optional` in a
/// coder of their own; on a submit that was ~6 % of the server's CPU. The answers are the same
/// as theirs, errors included (`SQLiteValuesTests` compares them case by case); anything else
/// still goes through them.
enum SQLiteValues {
    /// One each for all statements: their initializers make a `JSONEncoder`/`JSONDecoder`.
    private static let encoder = SQLiteDataEncoder()
    private static let decoder = SQLiteDataDecoder()

    /// The value to bind, as `SQLiteDataEncoder.encode` makes it.
    static func encode(_ value: any Encodable) throws -> SQLiteData {
        try direct(value) ?? encoder.encode(value)
    }

    /// The direct conversions, with the existential opened: comparing type metadata costs far
    /// less than `as?` casts, which failed through every case for an `Optional`. The encoder
    /// unwraps an `Optional`, binding its value or NULL, and so does this.
    private static func direct<T: Encodable>(_ value: T) -> SQLiteData? {
        if T.self == String.self { return same(value, as: String.self).sqliteData }
        if T.self == Int64.self { return same(value, as: Int64.self).sqliteData }
        if T.self == Int.self { return same(value, as: Int.self).sqliteData }
        if T.self == Double.self { return same(value, as: Double.self).sqliteData }
        if T.self == Bool.self { return same(value, as: Bool.self).sqliteData }
        if T.self == String?.self { return same(value, as: String?.self).map { $0.sqliteData } ?? .null }
        if T.self == Int64?.self { return same(value, as: Int64?.self).map { $0.sqliteData } ?? .null }
        if T.self == Int?.self { return same(value, as: Int?.self).map { $0.sqliteData } ?? .null }
        if T.self == Double?.self { return same(value, as: Double?.self).map { $0.sqliteData } ?? .null }
        if T.self == Bool?.self { return same(value, as: Bool?.self).map { $0.sqliteData } ?? .null }
        return nil
    }

    /// The column value as `SQLiteDataDecoder.decode` reads it.
    static func decode<D: Decodable>(_ type: D.Type, from data: SQLiteData) throws -> D {
        if D.self == String.self { return same(try direct(String.self, data)) }
        if D.self == Int64.self { return same(try direct(Int64.self, data)) }
        if D.self == Int.self { return same(try direct(Int.self, data)) }
        if D.self == Bool.self { return same(try direct(Bool.self, data)) }
        if D.self == Double.self { return same(try direct(Double.self, data)) }
        // `Optional`'s own `init(from:)` asks `decodeNil()` (SQL NULL), then decodes the wrapped type.
        if D.self == String?.self { return same(data.isNull ? nil : try direct(String.self, data)) }
        if D.self == Int64?.self { return same(data.isNull ? nil : try direct(Int64.self, data)) }
        if D.self == Int?.self { return same(data.isNull ? nil : try direct(Int.self, data)) }
        if D.self == Double?.self { return same(data.isNull ? nil : try direct(Double.self, data)) }
        return try decoder.decode(D.self, from: data)
    }

    /// `SQLiteDataDecoder`'s conversion of a `SQLiteDataConvertible` type, with its error.
    private static func direct<T: SQLiteDataConvertible>(_ type: T.Type, _ data: SQLiteData) throws -> T {
        guard let value = T(sqliteData: data) else {
            throw DecodingError.typeMismatch(
                T.self, .init(codingPath: [], debugDescription: "Could not convert SQLite data to \(T.self): \(data)."))
        }
        return value
    }

    /// `value` as the type that the checks above proved is its own (`as!` would do a runtime
    /// cast for nothing).
    @inline(__always)
    private static func same<T, D>(_ value: T, as type: D.Type = D.self) -> D {
        precondition(T.self == D.self)
        return unsafeBitCast(value, to: D.self)
    }
}
