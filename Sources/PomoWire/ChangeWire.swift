import Foundation
import PomoCore

/// A change of `GET /api/v1/changes` and of the event stream:
/// `{"cursor", "kind", "entity_type", "entity_id", "at", "data"}`, `data` the entity after the
/// change in its dialect's shape, null for a deletion.
public struct ChangeDTO: Codable, Sendable, JSONWritable {
    public var cursor: String
    public var kind: String
    public var entityType: String
    public var entityId: String
    public var at: String
    public var data: JSONValue?
    /// The entity as the change log stored it, written as it is (the server's side).
    private var stored: String?

    public init(_ change: Change) {
        cursor = change.cursor.description
        kind = change.kind
        entityType = change.entityType
        entityId = change.entityId
        at = Timestamp.format(change.at)
        stored = change.data
    }

    enum CodingKeys: String, CodingKey {
        case cursor, kind, at, data
        case entityType = "entity_type"
        case entityId = "entity_id"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        cursor = try c.decode(String.self, forKey: .cursor)
        kind = try c.decode(String.self, forKey: .kind)
        entityType = try c.decode(String.self, forKey: .entityType)
        entityId = try c.decode(String.self, forKey: .entityId)
        at = try c.decode(String.self, forKey: .at)
        data = try c.decodeIfPresent(JSONValue.self, forKey: .data)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(at, forKey: .at)
        try c.encode(cursor, forKey: .cursor)
        try c.encode(data ?? stored.flatMap(JSONReader.read), forKey: .data)
        try c.encode(entityId, forKey: .entityId)
        try c.encode(entityType, forKey: .entityType)
        try c.encode(kind, forKey: .kind)
    }

    public func write(to writer: inout JSONWriter) {
        writer.object { json in
            json.key("at")
            json.string(at)
            json.key("cursor")
            json.string(cursor)
            json.key("data")
            if let stored { json.json(stored) } else { json.null() }
            json.key("entity_id")
            json.string(entityId)
            json.key("entity_type")
            json.string(entityType)
            json.key("kind")
            json.string(kind)
        }
    }
}
