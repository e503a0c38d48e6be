import Foundation
import PomoCore

/// Writes JSON byte for byte as Pomo's `JSONEncoder` does (`/` left unescaped, numbers as
/// Swift prints them), for the few values written so often that Codable's encoder showed in
/// profiles: the submit answer was 5 % of a submit's CPU. The caller names the keys in the
/// order the encoder writes them (sorted, for HTTP answers); `JSONWriterTests` compares every
/// writer with `JSONEncoder`.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    /// No member or element written yet in the innermost object (so no comma before the next).
    private var atStart = true

    public init(capacity: Int = 512) {
        bytes.reserveCapacity(capacity)
    }

    public mutating func object(_ members: (inout JSONWriter) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        atStart = true
        members(&self)
        bytes.append(UInt8(ascii: "}"))
        atStart = false
    }

    public mutating func array(_ elements: (inout JSONWriter) -> Void) {
        bytes.append(UInt8(ascii: "["))
        atStart = true
        elements(&self)
        bytes.append(UInt8(ascii: "]"))
        atStart = false
    }

    /// Before each element of an array: the comma that separates it from the one before.
    public mutating func element() {
        if !atStart { bytes.append(UInt8(ascii: ",")) }
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
        if !atStart { bytes.append(UInt8(ascii: ",")) }
        string(key)
        bytes.append(UInt8(ascii: ":"))
        atStart = true
    }

    /// Punctuation written as it is, for an answer assembled in parts (a streamed array's
    /// brackets and the commas between its pages).
    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// An instant as `Timestamp.format` writes it, in quotes.
    public mutating func timestamp(_ date: Date) {
        bytes.append(UInt8(ascii: "\""))
        Timestamp.append(date, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
        atStart = false
    }

    /// `"key":` before a value; `key` needs no escaping (the caller's own constant).
    public mutating func key(_ key: StaticString) {
        if !atStart { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        // Byte by byte: a two-byte array literal here would be allocated for every key.
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
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
        bytes.append(UInt8(ascii: "\""))
        // Most text needs no escape: copy it whole.
        if !text.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: text)
            bytes.append(UInt8(ascii: "\""))
            atStart = false
            return
        }
        for byte in text {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                bytes.append(contentsOf: [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        atStart = false
    }

    public mutating func number(_ value: Int64) {
        digits(of: value)
        atStart = false
    }

    /// An integer as a JSON string (`"42"`: the TaskWorks ids), as `string(String(value))` writes it.
    public mutating func quoted(_ value: Int64) {
        bytes.append(UInt8(ascii: "\""))
        digits(of: value)
        bytes.append(UInt8(ascii: "\""))
        atStart = false
    }

    /// `String(value)`'s digits, written straight into the bytes: a list writes several per row.
    private mutating func digits(of value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var start = 20
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeMutableBufferPointer(rebasing: buffer[start...]))
        }
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
        let text = value.isFinite ? value.description : "null"
        bytes.append(contentsOf: text.hasSuffix(".0") ? text.utf8.dropLast(2) : text.utf8.dropLast(0))
        atStart = false
    }

    public mutating func bool(_ value: Bool) {
        if value { raw("true") } else { raw("false") }
        atStart = false
    }

    /// A value that is JSON text already, written by Pomo itself (the change log's entities).
    public mutating func json(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        atStart = false
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
        return String(decoding: writer.bytes, as: UTF8.self)
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
