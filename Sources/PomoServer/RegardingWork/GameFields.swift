import Foundation
import Hummingbird
import PomoCore
import PomoWire

/// A Game request body read field by field, so each missing or mistyped field gets the Game's
/// own 400 message instead of a decoder's.
struct GameFields {
    let body: [String: JSONValue]

    init(_ body: [String: JSONValue]) { self.body = body }

    /// Reads a request's JSON object body.
    static func read(_ request: Request, limit: Int) async throws -> GameFields {
        GameFields(try await JSONBody.decode([String: JSONValue].self, from: request, limit: limit))
    }

    func has(_ key: String) -> Bool {
        guard let value = body[key] else { return false }
        return value != .null
    }

    /// Fails with "Missing required fields" listing every absent key.
    func require(_ keys: [String]) throws {
        let missing = keys.filter { !has($0) }
        if !missing.isEmpty { throw AppError.missing(missing) }
    }

    func string(_ key: String, allowEmpty: Bool = false) throws -> String? {
        switch body[key] {
        case nil, .null: return nil
        case .string(let value):
            if !allowEmpty && value.isBlank {
                throw AppError.validation(key, "\(key) must not be empty")
            }
            return value
        default: throw AppError.validation(key, "\(key) must be a string")
        }
    }

    func number(_ key: String) throws -> Double? {
        switch body[key] {
        case nil, .null: return nil
        case .number(let value) where value.isFinite: return value
        default: throw AppError.validation(key, "\(key) must be a number")
        }
    }

    func integer(_ key: String) throws -> Int? {
        guard let value = try number(key) else { return nil }
        guard value == value.rounded(), abs(value) < 1e9 else {
            throw AppError.validation(key, "\(key) must be an integer")
        }
        return Int(value)
    }

    func bool(_ key: String) throws -> Bool? {
        switch body[key] {
        case nil, .null: return nil
        case .bool(let value): return value
        default: throw AppError.validation(key, "\(key) must be true or false")
        }
    }

    func date(_ key: String) throws -> Date? {
        guard let text = try string(key) else { return nil }
        guard let date = Timestamp.parse(text) else {
            throw AppError.validation(key, "\(key) must be an ISO 8601 date-time, e.g. 2025-08-17T14:30:00Z")
        }
        return date
    }

    func uuid(_ key: String) throws -> String? {
        guard let text = try string(key) else { return nil }
        guard UUID(uuidString: text) != nil else { throw AppError.validation(key, "\(key) must be a UUID string") }
        return text.lowercased()
    }

    /// A project reference: `project` (name, `team_N`, `personal_N`), or `project_id` as a
    /// `team_N` string or a personal project number, or `team_project_id`.
    func projectReference() throws -> String? {
        if let project = try string("project") { return project }
        switch body["project_id"] {
        case .string(let value) where !value.isEmpty: return value
        case .number(let value) where value == value.rounded(): return "personal_\(Int64(value))"
        case nil, .null: break
        default: throw AppError.validation("project_id", "project_id must be a string or an integer")
        }
        if let team = try integer("team_project_id") { return "team_\(team)" }
        return nil
    }

    /// `source`, or one derived from the `X-App-Identifier` header.
    func source(appIdentifier: String?) throws -> String? {
        try string("source") ?? appIdentifier.map(GameRules.source(fromAppIdentifier:))
    }
}
