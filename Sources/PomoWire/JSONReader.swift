import PomoCore

/// Reads a UTF-8 JSON text (RFC 8259) straight into `JSONValue`s, in one pass, for request bodies
/// and stored free-form JSON.
///
/// It is strict: malformed text, nesting deeper than `maxDepth`, a number beyond a `Double`'s
/// range and a lone surrogate escape are refused, with the reason. Request bodies are then decoded
/// from the tree by `JSONTreeDecoder`, never by `JSONDecoder`, so no body is read twice and no
/// value's type is found by guessing.
public enum JSONReader {
    /// `JSONDecoder`'s own limit.
    public static let maxDepth = 512

    /// Why a text was refused.
    public struct Failure: Error, Equatable, Sendable {
        public var message: String
        /// The byte offset at which reading stopped.
        public var offset: Int = 0
    }

    public static func read(_ bytes: UnsafeRawBufferPointer) -> JSONValue? {
        try? parse(bytes).get()
    }

    public static func read(_ text: String) -> JSONValue? {
        var text = text
        return text.withUTF8 { read(UnsafeRawBufferPointer($0)) }
    }

    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<JSONValue, Failure> {
        var reader = Reader(bytes: bytes)
        guard let value = reader.value(depth: 0) else {
            return .failure(Failure(message: reader.failure ?? "Malformed JSON body", offset: reader.offset))
        }
        reader.skipWhitespace()
        guard reader.offset == bytes.count else {
            return .failure(Failure(message: "Malformed JSON body", offset: reader.offset))
        }
        return .success(value)
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0
        /// Set where a refusal has a more useful reason than "malformed".
        var failure: String?

        init(bytes: UnsafeRawBufferPointer) {
            self.bytes = bytes
        }

        mutating func skipWhitespace() {
            while offset < bytes.count {
                switch bytes[offset] {
                case 0x20, 0x0A, 0x0D, 0x09: offset += 1
                default: return
                }
            }
        }

        mutating func value(depth: Int) -> JSONValue? {
            guard depth < JSONReader.maxDepth else {
                failure = "JSON nested deeper than \(JSONReader.maxDepth) levels"
                return nil
            }
            skipWhitespace()
            guard offset < bytes.count else { return nil }
            switch bytes[offset] {
            case UInt8(ascii: "\""): return string().map(JSONValue.string)
            case UInt8(ascii: "{"): return object(depth: depth)
            case UInt8(ascii: "["): return array(depth: depth)
            case UInt8(ascii: "t"): return literal("true", .bool(true))
            case UInt8(ascii: "f"): return literal("false", .bool(false))
            case UInt8(ascii: "n"): return literal("null", .null)
            default: return number()
            }
        }

        private mutating func literal(_ text: StaticString, _ value: JSONValue) -> JSONValue? {
            let count = text.utf8CodeUnitCount
            guard offset + count <= bytes.count else { return nil }
            for index in 0..<count where bytes[offset + index] != text.utf8Start[index] { return nil }
            offset += count
            return value
        }

        private mutating func object(depth: Int) -> JSONValue? {
            offset += 1  // {
            var members: [String: JSONValue] = [:]
            skipWhitespace()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
                offset += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\""), let key = string() else { return nil }
                skipWhitespace()
                guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else { return nil }
                offset += 1
                guard let value = value(depth: depth + 1) else { return nil }
                // The first of two same-named members wins, as in `JSONDecoder`.
                if members[key] == nil { members[key] = value }
                guard let more = another(closing: UInt8(ascii: "}")) else { return nil }
                if !more { return .object(members) }
            }
        }

        private mutating func array(depth: Int) -> JSONValue? {
            offset += 1  // [
            var elements: [JSONValue] = []
            skipWhitespace()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
                offset += 1
                return .array(elements)
            }
            while true {
                guard let element = value(depth: depth + 1) else { return nil }
                elements.append(element)
                guard let more = another(closing: UInt8(ascii: "]")) else { return nil }
                if !more { return .array(elements) }
            }
        }

        /// After a member or an element: true for a comma (another follows), false for the
        /// `closing` bracket, nil for anything else.
        private mutating func another(closing: UInt8) -> Bool? {
            skipWhitespace()
            guard offset < bytes.count else { return nil }
            offset += 1
            switch bytes[offset - 1] {
            case UInt8(ascii: ","): return true
            case closing: return false
            default: return nil
            }
        }

        /// A string at `offset` (its opening quote); its UTF-8 must be valid.
        private mutating func string() -> String? {
            offset += 1  // "
            let start = offset
            // The common case: no escapes, so the text is the bytes themselves.
            while offset < bytes.count {
                let byte = bytes[offset]
                if byte == UInt8(ascii: "\"") {
                    defer { offset += 1 }
                    return String(validating: UnsafeRawBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
                }
                if byte == UInt8(ascii: "\\") { break }
                if byte < 0x20 { return nil }
                offset += 1
            }
            var scalars = String.UnicodeScalarView()
            guard let plain = String(validating: UnsafeRawBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
            else { return nil }
            scalars.append(contentsOf: plain.unicodeScalars)
            var run = offset
            while offset < bytes.count {
                let byte = bytes[offset]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    guard
                        let text = String(
                            validating: UnsafeRawBufferPointer(rebasing: bytes[run..<offset]), as: UTF8.self)
                    else { return nil }
                    scalars.append(contentsOf: text.unicodeScalars)
                    if byte == UInt8(ascii: "\"") {
                        offset += 1
                        return String(scalars)
                    }
                    guard let escaped = escape() else { return nil }
                    scalars.append(escaped)
                    run = offset
                    continue
                }
                if byte < 0x20 { return nil }
                offset += 1
            }
            return nil
        }

        /// One escape at `offset` (its backslash).
        private mutating func escape() -> Unicode.Scalar? {
            guard offset + 1 < bytes.count else { return nil }
            let letter = bytes[offset + 1]
            offset += 2
            switch letter {
            case UInt8(ascii: "\""): return "\""
            case UInt8(ascii: "\\"): return "\\"
            case UInt8(ascii: "/"): return "/"
            case UInt8(ascii: "b"): return "\u{08}"
            case UInt8(ascii: "f"): return "\u{0C}"
            case UInt8(ascii: "n"): return "\n"
            case UInt8(ascii: "r"): return "\r"
            case UInt8(ascii: "t"): return "\t"
            case UInt8(ascii: "u"):
                guard let high = hex4() else { return nil }
                guard (0xD800...0xDBFF).contains(high) else { return Unicode.Scalar(high) }  // nil for a lone low half
                guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"),
                    bytes[offset + 1] == UInt8(ascii: "u")
                else { return nil }
                offset += 2
                guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
            default: return nil
            }
        }

        private mutating func hex4() -> UInt32? {
            guard offset + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[offset]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
                offset += 1
            }
            return value
        }

        /// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, finite as a Double.
        private mutating func number() -> JSONValue? {
            let start = offset
            func digits() -> Int {
                let first = offset
                while offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) {
                    offset += 1
                }
                return offset - first
            }
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            guard offset < bytes.count else { return nil }
            let leadingZero = bytes[offset] == UInt8(ascii: "0")
            if leadingZero {
                offset += 1
            } else if digits() == 0 {
                return nil
            }
            if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
                offset += 1
                guard digits() > 0 else { return nil }
            }
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
                offset += 1
                if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") {
                    offset += 1
                }
                guard digits() > 0 else { return nil }
            }
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
            // A number too small for a Double reads as zero (or a subnormal), as in JavaScript.
            guard let number = Double(text), number.isFinite else {
                failure = "The number \(text.prefix(40)) is too large"
                return nil
            }
            return .number(number)
        }
    }
}
