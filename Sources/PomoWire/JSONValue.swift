import PomoCore

/// A small JSON tree for bodies whose shape is decided at run time (error bodies, a task's `data`).
public enum JSONValue: Codable, Sendable, Equatable, ExpressibleByStringLiteral {
    case string(String)
    case number(Double)
    case bool(Bool)
    case object([String: JSONValue])
    case array([JSONValue])
    case null

    public init(stringLiteral value: String) { self = .string(value) }

    public init(from decoder: any Decoder) throws {
        // From a tree `JSONReader` read (every request body), the subtree is the value.
        if let tree = decoder as? TreeDecoder {
            self = tree.value
            return
        }
        // Any other decoder (the client decoding an answer) can only be probed, each wrong guess
        // throwing: strings and numbers first, they are most of any body.
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let value = try? c.decode(String.self) {
            self = .string(value)
        } else if let value = try? c.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? c.decode(Double.self) {
            self = .number(value)
        } else if let value = try? c.decode([String: JSONValue].self) {
            self = .object(value)
        } else {
            self = .array(try c.decode([JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let value): try c.encode(value)
        case .number(let value): try c.encode(value)
        case .bool(let value): try c.encode(value)
        case .object(let value): try c.encode(value)
        case .array(let value): try c.encode(value)
        case .null: try c.encodeNil()
        }
    }
}

extension JSONValue: ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByIntegerLiteral
{
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
}

/// Answers built as trees (user data, the leaderboard, insights) are written without the
/// encoder, keys in the order the answer encoder's `sortedKeys` gives.
extension JSONValue: JSONWritable {
    public func write(to writer: inout JSONWriter) {
        switch self {
        case .string(let value): writer.string(value)
        case .number(let value): writer.number(value)
        case .bool(let value): writer.bool(value)
        case .object(let members): members.write(to: &writer)
        case .array(let elements): elements.write(to: &writer)
        case .null: writer.null()
        }
    }
}

extension Dictionary: JSONWritable where Key == String, Value == JSONValue {
    public func write(to writer: inout JSONWriter) {
        writer.object { json in
            // String's own order is the one `.sortedKeys` writes (JSONWriterTests compares them).
            for key in keys.sorted() {
                json.key(escaping: key)
                self[key]!.write(to: &json)
            }
        }
    }
}

extension JSONValue {
    /// The value with every string that is a key of `replacements` (at any depth, object keys
    /// aside) replaced by its value.
    public func replacingStrings(_ replacements: [String: String]) -> JSONValue {
        switch self {
        case .string(let text): .string(replacements[text] ?? text)
        case .array(let items): .array(items.map { $0.replacingStrings(replacements) })
        case .object(let members): .object(members.mapValues { $0.replacingStrings(replacements) })
        case .number, .bool, .null: self
        }
    }
}
