import Foundation
import PomoCore

/// Free-form JSON a user stores (a Time Magic task's `data`), bounded so that storing it and
/// reading it back costs little whatever was sent.
public enum FreeFormJSON {
    public static let maxDepth = 32
    public static let maxBytes = 65_536

    /// The text to store for `value`, or a validation error naming `field`.
    public static func text(_ value: JSONValue, field: String) throws -> String {
        guard depth(of: value, limit: maxDepth) <= maxDepth else {
            throw AppError.validation(field, "\(field) is nested more than \(maxDepth) levels deep")
        }
        let encoded = (try? WireJSON.encoder.encode(value)) ?? Data("null".utf8)
        guard encoded.count <= maxBytes else {
            throw AppError.validation(field, "\(field) is longer than \(maxBytes) bytes of JSON")
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    /// The stored text as a value again, read in one pass; nil for text that is not JSON.
    public static func value(_ text: String) -> JSONValue? { JSONReader.read(text) }

    /// How deep `value` nests (a scalar is 0), counting no further than one past `limit`.
    static func depth(of value: JSONValue, limit: Int) -> Int {
        guard limit >= 0 else { return 1 }
        switch value {
        case .object(let members): return 1 + (members.values.map { depth(of: $0, limit: limit - 1) }.max() ?? 0)
        case .array(let elements): return 1 + (elements.map { depth(of: $0, limit: limit - 1) }.max() ?? 0)
        default: return 0
        }
    }

}
