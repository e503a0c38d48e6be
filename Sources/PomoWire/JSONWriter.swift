import Foundation
import PomoCore

/// Writes JSON byte for byte as Pomo's `JSONEncoder` does (`/` left unescaped, numbers as
/// Swift prints them), for the few values written so often that Codable's encoder showed in
/// profiles: the submit answer was 5 % of a submit's CPU. The caller names the keys in the
/// order the encoder writes them (sorted, for HTTP answers); `JSONWriterTests` compares every
/// writer with `JSONEncoder`.
public struct JSONWriter {
    private var storage: Storage
    /// No member or element written yet in the innermost object (so no comma before the next).
    private var atStart = true

    public init(capacity: Int = 512) {
        storage = Storage(capacity: capacity)
    }

    /// The JSON written so far, copied: what tests compare byte for byte (`text` would repair
    /// invalid UTF-8 and hide it); answers are copied once, from `withBytes`.
    public var bytes: [UInt8] { withBytes { Array($0) } }

    /// The JSON written so far, as text (what Pomo stores: a session's factors, a change's entity).
    public var text: String { withBytes { String(decoding: $0, as: UTF8.self) } }

    /// How many bytes are written so far.
    public var count: Int { storage.count }

    /// The JSON written so far, lent to `body` (valid only inside it).
    public func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(start: storage.base, count: storage.count))
    }

    public mutating func object(_ members: (inout JSONWriter) -> Void) {
        put(UInt8(ascii: "{"))
        atStart = true
        members(&self)
        put(UInt8(ascii: "}"))
        atStart = false
    }

    public mutating func array(_ elements: (inout JSONWriter) -> Void) {
        put(UInt8(ascii: "["))
        atStart = true
        elements(&self)
        put(UInt8(ascii: "]"))
        atStart = false
    }

    /// Before each element of an array: the comma that separates it from the one before.
    public mutating func element() {
        if !atStart { put(UInt8(ascii: ",")) }
        atStart = true
    }

    public mutating func null() {
        raw("null")
        atStart = false
    }

    /// A string, or `null` for none.
    public mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    /// `"key":` for a key made at run time (a category, a source), escaped as any string.
    public mutating func key(escaping key: String) {
        if !atStart { put(UInt8(ascii: ",")) }
        string(key)
        put(UInt8(ascii: ":"))
        atStart = true
    }

    /// Punctuation written as it is, for an answer assembled in parts (a streamed array's
    /// brackets and the commas between its pages).
    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { put(UnsafeRawBufferPointer($0)) }
    }

    /// An instant as `Timestamp.format` writes it, in quotes.
    public mutating func timestamp(_ date: Date) {
        let out = room(Timestamp.longestWritten + 2)
        out[0] = UInt8(ascii: "\"")
        if let count = Timestamp.write(
            date, into: UnsafeMutableBufferPointer(start: out + 1, count: Timestamp.longestWritten))
        {
            out[count + 1] = UInt8(ascii: "\"")
            storage.count += count + 2
        } else {
            string(Timestamp.format(date))
        }
        atStart = false
    }

    /// `"key":` before a value; `key` needs no escaping (the caller's own constant).
    public mutating func key(_ key: StaticString) {
        let length = key.utf8CodeUnitCount
        let out = room(length + 4)
        var at = 0
        if !atStart {
            out[0] = UInt8(ascii: ",")
            at = 1
        }
        out[at] = UInt8(ascii: "\"")
        (out + at + 1).update(from: key.utf8Start, count: length)
        out[at + length + 1] = UInt8(ascii: "\"")
        out[at + length + 2] = UInt8(ascii: ":")
        storage.count += at + length + 3
        atStart = true
    }

    public mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { escaped(UnsafeRawBufferPointer($0)) }
    }

    /// A string from its UTF-8 bytes (a column SQLite or PostgreSQL holds), written as the
    /// `String` decoded from them would be: SQLite does not check that text is UTF-8, and
    /// invalid sequences are repaired as `String(decoding:as:)` repairs them.
    public mutating func string(utf8 text: UnsafeRawBufferPointer) {
        if text.contains(where: { $0 >= 0x80 }), String(validating: text, as: UTF8.self) == nil {
            string(String(decoding: text, as: UTF8.self))
        } else {
            escaped(text)
        }
    }

    /// Valid UTF-8, quoted and escaped.
    private mutating func escaped(_ text: UnsafeRawBufferPointer) {
        // Most text needs no escape: copy it whole.
        if !text.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            let out = room(text.count + 2)
            out[0] = UInt8(ascii: "\"")
            if let from = text.baseAddress {
                (out + 1).update(from: from.assumingMemoryBound(to: UInt8.self), count: text.count)
            }
            out[text.count + 1] = UInt8(ascii: "\"")
            storage.count += text.count + 2
            atStart = false
            return
        }
        put(UInt8(ascii: "\""))
        for byte in text {
            switch byte {
            case UInt8(ascii: "\""): put(UInt8(ascii: "\\"), UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): put(UInt8(ascii: "\\"), UInt8(ascii: "\\"))
            case 0x0A: put(UInt8(ascii: "\\"), UInt8(ascii: "n"))
            case 0x0D: put(UInt8(ascii: "\\"), UInt8(ascii: "r"))
            case 0x09: put(UInt8(ascii: "\\"), UInt8(ascii: "t"))
            case 0x08: put(UInt8(ascii: "\\"), UInt8(ascii: "b"))
            case 0x0C: put(UInt8(ascii: "\\"), UInt8(ascii: "f"))
            case 0..<0x20:
                let hex: StaticString = "0123456789abcdef"
                put(UInt8(ascii: "\\"), UInt8(ascii: "u"))
                put(UInt8(ascii: "0"), UInt8(ascii: "0"))
                put(hex.utf8Start[Int(byte >> 4)], hex.utf8Start[Int(byte & 0xF)])
            default: put(byte)
            }
        }
        put(UInt8(ascii: "\""))
        atStart = false
    }

    public mutating func number(_ value: Int64) {
        digits(of: value)
        atStart = false
    }

    /// An integer as a JSON string (`"42"`: the TaskWorks ids), as `string(String(value))` writes it.
    public mutating func quoted(_ value: Int64) {
        put(UInt8(ascii: "\""))
        digits(of: value)
        put(UInt8(ascii: "\""))
        atStart = false
    }

    /// `String(value)`'s digits, written straight into the bytes: a list writes several per row.
    private mutating func digits(of value: Int64) {
        var magnitude = value.magnitude
        var length = 1
        var rest = magnitude / 10
        while rest > 0 {
            length += 1
            rest /= 10
        }
        let sign = value < 0 ? 1 : 0
        let out = room(sign + length)
        if sign == 1 { out[0] = UInt8(ascii: "-") }
        var at = sign + length
        repeat {
            at -= 1
            out[at] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        storage.count += sign + length
    }

    /// As `JSONEncoder` writes a finite `Double`: Swift's description without a trailing `.0`.
    /// JSON has no NaN or infinity (the encoder refuses them); they are written as `null`.
    public mutating func number(_ value: Double) {
        // Whole numbers (most minutes and points) as integers, without `description`'s string;
        // its ".0" form reaches 1e16, and -0 keeps its sign there.
        if value.rounded(.towardZero) == value, value.magnitude < 1e15, value != 0 {
            number(Int64(value))
            return
        }
        var text = value.isFinite ? value.description : "null"
        if text.hasSuffix(".0") { text.removeLast(2) }
        text.withUTF8 { put(UnsafeRawBufferPointer($0)) }
        atStart = false
    }

    public mutating func bool(_ value: Bool) {
        if value { raw("true") } else { raw("false") }
        atStart = false
    }

    /// A value that is JSON text already, written by Pomo itself (the change log's entities).
    public mutating func json(_ text: String) {
        var text = text
        text.withUTF8 { put(UnsafeRawBufferPointer($0)) }
        atStart = false
    }

    /// Room for `count` more bytes at the end, written through the pointer answered (the caller
    /// then counts what it wrote): one check per value, where `Array.append` checks the
    /// storage's uniqueness and capacity for every byte.
    @inline(__always)
    private mutating func room(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        if storage.capacity - storage.count < count { storage.grow(toHold: count) }
        return storage.base + storage.count
    }

    @inline(__always)
    private mutating func put(_ byte: UInt8) {
        room(1).pointee = byte
        storage.count += 1
    }

    @inline(__always)
    private mutating func put(_ first: UInt8, _ second: UInt8) {
        let out = room(2)
        out[0] = first
        out[1] = second
        storage.count += 2
    }

    private mutating func put(_ bytes: UnsafeRawBufferPointer) {
        guard let from = bytes.baseAddress, !bytes.isEmpty else { return }
        room(bytes.count).update(from: from.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        storage.count += bytes.count
    }

    /// The written bytes: a buffer grown by doubling. A writer copied and then written to gets
    /// its own (`room`), so writers behave as values.
    private final class Storage {
        private(set) var base: UnsafeMutablePointer<UInt8>
        private(set) var capacity: Int
        var count = 0

        init(capacity: Int) {
            self.capacity = max(capacity, 16)
            base = .allocate(capacity: self.capacity)
        }

        deinit { base.deallocate() }

        func copy() -> Storage {
            let copy = Storage(capacity: capacity)
            copy.base.initialize(from: base, count: count)
            copy.count = count
            return copy
        }

        func grow(toHold more: Int) {
            var grown = capacity * 2
            while grown - count < more { grown *= 2 }
            let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
            moved.initialize(from: base, count: count)
            base.deallocate()
            base = moved
            capacity = grown
        }
    }
}

/// A value that writes its own JSON (the same bytes its `Encodable` conformance gives).
public protocol JSONWritable: Encodable {
    func write(to writer: inout JSONWriter)
}

extension JSONWritable {
    /// This value's JSON as text (what Pomo stores: a session's factors, a change's entity).
    public func jsonText(capacity: Int = 512) -> String {
        var writer = JSONWriter(capacity: capacity)
        write(to: &writer)
        return writer.text
    }
}

/// The one encoder for Pomo's JSON, answers and stored text alike: `/` left unescaped, keys
/// sorted (the order `JSONWriter`'s callers follow). Shared: `JSONEncoder` is safe to use from
/// several tasks at once, and making one per request showed in profiles.
public enum WireJSON {
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }()

    /// `value` as JSON text; `null` for a value that cannot be encoded (none of Pomo's own).
    public static func text(_ value: some Encodable) -> String {
        String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }
}

extension Array: JSONWritable where Element: JSONWritable {
    public func write(to writer: inout JSONWriter) {
        writer.array { json in
            for element in self {
                json.element()
                element.write(to: &json)
            }
        }
    }
}
