import PomoCore
import PomoWire
import Synchronization

/// A list answer's items, written as their rows arrive from a store's `scan` (no entities or
/// DTOs in between), with how many there were and where the last one ends for the next page.
/// The rows arrive one at a time, on the database's thread, before `scan` returns; the lock only
/// makes that plain to the compiler.
final class ListedRows<Cursor: Sendable>: @unchecked Sendable {
    typealias Write = @Sendable (any ColumnRow, inout JSONWriter) throws -> Void
    typealias Locate = @Sendable (any ColumnRow) throws -> Cursor

    private let lock = Mutex(())
    private let limit: Int
    private let write: Write
    private let locate: Locate
    private var writer: JSONWriter
    private var written = 0
    private var more = false
    private var end: Cursor?

    /// Up to `limit` items after `opening` (written as it is: `[`, or the `,` between pages of
    /// a streamed array); a row past the limit only says there are more.
    init(limit: Int, bytesPerItem: Int, opening: StaticString = "", write: @escaping Write, cursor: @escaping Locate) {
        self.limit = limit
        self.write = write
        self.locate = cursor
        writer = JSONWriter(capacity: limit * bytesPerItem + 2)
        writer.raw(opening)
    }

    func add(_ row: any ColumnRow) throws {
        try lock.withLock { _ in
            guard written < limit else {
                more = true
                return
            }
            writer.element()
            try write(row, &writer)
            written += 1
            end = try locate(row)
        }
    }

    var count: Int { lock.withLock { _ in written } }
    var hasMore: Bool { lock.withLock { _ in more } }
    var last: Cursor? { lock.withLock { _ in end } }

    /// The items written, after the opening; `closing` (`]`) ends them.
    func bytes(closing: StaticString = "") -> [UInt8] {
        lock.withLock { _ in
            var bytes = writer.bytes
            closing.withUTF8Buffer { bytes.append(contentsOf: $0) }
            return bytes
        }
    }

    /// The items as a JSON array inside `into`'s answer (`[`, the items, `]`).
    func writeArray(into json: inout JSONWriter) {
        lock.withLock { _ in
            json.raw("[")
            json.json(bytes: writer.bytes)
            json.raw("]")
        }
    }
}
