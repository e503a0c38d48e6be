import Foundation
import PomoCore
import PomoWire

/// One MCP tool: what `tools/list` shows of it (its arguments as JSON Schema) and what
/// `tools/call` runs. A tool answers JSON text, the same JSON its REST route answers.
struct MCPTool: Sendable {
    var name: String
    var title: String
    var description: String
    var properties: [String: JSONValue] = [:]
    var required: [String] = []
    /// Reads only: for Time Magic, the 402 rule for GETs applies.
    var readOnly = false
    /// Whose error bodies its refusals are written in.
    var dialect: Dialect
    var run: @Sendable (MCPCall) async throws -> String

    var descriptor: JSONValue {
        var schema: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { schema["required"] = .array(required.map(JSONValue.string)) }
        return .object([
            "name": .string(name), "title": .string(title), "description": .string(description),
            "inputSchema": .object(schema),
            "annotations": .object(["readOnlyHint": .bool(readOnly), "openWorldHint": .bool(false)]),
        ])
    }
}

/// JSON Schema for a tool's arguments: the API document's schemas, each with what it means.
enum Argument {
    typealias S = APISchemas

    static func string(_ description: String) -> JSONValue { described(S.string, description) }
    static func number(_ description: String) -> JSONValue { described(S.number, description) }
    static func integer(_ description: String) -> JSONValue { described(S.integer, description) }
    static func boolean(_ description: String) -> JSONValue { described(S.boolean, description) }
    static func object(_ description: String) -> JSONValue { described(S.anyObject, description) }
    static func date(_ description: String) -> JSONValue { described(S.day, description) }
    static func dateTime(_ description: String) -> JSONValue { described(S.timestamp, description) }
    static func oneOf(_ values: [String], _ description: String) -> JSONValue {
        described(S.oneOf(values), description)
    }

    private static func described(_ schema: JSONValue, _ description: String) -> JSONValue {
        guard case .object(var fields) = schema else { return schema }
        fields["description"] = .string(description)
        return .object(fields)
    }
}

/// One call's caller and arguments, read with refusals in the tool's dialect.
struct MCPCall: Sendable {
    let services: AppServices
    let user: User
    let arguments: [String: JSONValue]
    let dialect: Dialect

    /// A refusal naming the argument: Time Magic lists messages under the field, the other
    /// dialects give one sentence.
    func refuse(_ key: String, _ message: String) -> AppError {
        AppError.validation(key, dialect == .timeMagic ? message : "\(key) \(message)")
    }

    func string(_ key: String) throws -> String {
        guard let value = try optionalString(key), !value.isEmpty else { throw refuse(key, "can't be blank") }
        return value
    }

    func optionalString(_ key: String) throws -> String? {
        switch arguments[key] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        default: throw refuse(key, "must be a string")
        }
    }

    func number(_ key: String) throws -> Double? {
        switch arguments[key] {
        case nil, .null?: return nil
        case .number(let value)?: return value
        default: throw refuse(key, "must be a number")
        }
    }

    func bool(_ key: String) throws -> Bool? {
        switch arguments[key] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        default: throw refuse(key, "must be true or false")
        }
    }

    /// The arguments a Time Magic body takes, as its fields (the others are the tool's own).
    func fields(_ keys: [String]) -> [String: JSONValue] { arguments.filter { keys.contains($0.key) } }

    var now: Date { services.clock.now() }
}
