import NIOCore
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
        // Room for a history page (at most 101 items); a longer list grows as any array does
        // (reserving the whole limit would take 300 KB for every Time Magic list, however short).
        writer = JSONWriter(capacity: min(limit, 128) * bytesPerItem + 2)
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

    /// The items written, after the opening, and `closing` (`]`) after them, in the buffer sent.
    func buffer(closing: StaticString = "") -> ByteBuffer {
        lock.withLock { _ in
            var buffer = ByteBufferAllocator().buffer(capacity: writer.count + closing.utf8CodeUnitCount)
            writer.withBytes { _ = buffer.writeBytes($0) }
            closing.withUTF8Buffer { _ = buffer.writeBytes($0) }
            return buffer
        }
    }

    /// The JSON `around` writes, with the items as an array where it asks for them: the answer
    /// around is written apart and the items are copied once, into the buffer sent.
    func buffer(around: (inout JSONWriter, _ items: (inout JSONWriter) -> Void) -> Void) -> ByteBuffer {
        lock.withLock { _ in
            var outer = JSONWriter(capacity: 256)
            var split = 0
            around(&outer) { json in json.array { split = $0.count } }
            var buffer = ByteBufferAllocator().buffer(capacity: outer.count + writer.count)
            outer.withBytes { outer in
                buffer.writeBytes(UnsafeRawBufferPointer(rebasing: outer[..<split]))
                writer.withBytes { _ = buffer.writeBytes($0) }
                buffer.writeBytes(UnsafeRawBufferPointer(rebasing: outer[split...]))
            }
            return buffer
        }
    }
}
