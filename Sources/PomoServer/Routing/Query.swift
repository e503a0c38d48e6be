import Foundation
import Hummingbird
import PomoCore
import PomoWire

/// A query parameter declared once: the handler reads it through `read`, and the route table
/// documents it from the same value, so the parser, its 400 message and the schema's enum or
/// bounds cannot disagree. An absent parameter reads as `absent` (the default, or nil).
struct Query<Value: Sendable>: Sendable, DocumentedQuery {
    let name: String
    let schema: JSONValue
    let description: String
    /// What a refused value is told: "<name> must be …".
    let expectation: String
    let absent: Value
    private let parse: @Sendable (String) -> Value?

    init(
        _ name: String, schema: JSONValue, description: String, expectation: String, absent: Value,
        parse: @escaping @Sendable (String) -> Value?
    ) {
        self.name = name
        self.schema = schema
        self.description = description
        self.expectation = expectation
        self.absent = absent
        self.parse = parse
    }

    /// The parameter's value, or the dialect's validation error naming it.
    func read(_ request: Request) throws -> Value {
        guard let raw = request.uri.queryParameters.get(name) else { return absent }
        return try value(of: raw)
    }

    /// `raw` read as this parameter (also when it came another way, as a header).
    func value(of raw: String) throws -> Value {
        guard let value = parse(raw) else { throw AppError.validation(name, "\(name) \(expectation)") }
        return value
    }

    /// The text as sent, for the few parameters whose rules live in the core.
    func raw(_ request: Request) -> String? { request.uri.queryParameters.get(name) }

    var parameter: APIParameter { APIParameter(name: name, schema: schema, description: description) }
}

/// What a route table lists of a query parameter, whatever its value's type.
protocol DocumentedQuery: Sendable {
    var parameter: APIParameter { get }
}

extension Query where Value: CaseIterable & RawRepresentable, Value.RawValue == String {
    /// One of an enumeration's raw values, in its declared order.
    static func oneOf(_ name: String, default choice: Value, _ description: String? = nil) -> Query {
        let values = Value.allCases.map(\.rawValue)
        return Query(
            name, schema: APISchemas.oneOf(values), description: description ?? "Default \(choice.rawValue)",
            expectation: "must be \(spokenList(values))", absent: choice, parse: Value.init(rawValue:))
    }
}

extension Query where Value == Int {
    /// A whole number within `range`.
    static func integer(_ name: String, in range: ClosedRange<Int>, default value: Int, _ description: String? = nil)
        -> Query
    {
        Query(
            name, schema: APISchemas.range(range.lowerBound, range.upperBound),
            description: description ?? "Default \(value)",
            expectation: "must be an integer from \(range.lowerBound) to \(range.upperBound)", absent: value
        ) { raw in Int(raw).flatMap { range.contains($0) ? $0 : nil } }
    }
}

extension Query where Value == Bool {
    /// The spellings a flag takes, as `/openapi.json` lists them.
    static var spellings: [String] { ["true", "false", "1", "0"] }

    /// `true`/`1` or `false`/`0` (any case; empty is false).
    static func flag(_ name: String, default value: Bool, _ description: String? = nil) -> Query {
        Query(
            name, schema: APISchemas.oneOf(spellings), description: description ?? "Default \(value)",
            expectation: "must be true or false", absent: value
        ) { raw in
            switch raw.lowercased() {
            case "", "false", "0": false
            case "true", "1": true
            default: nil
            }
        }
    }
}

extension Query where Value == String? {
    /// A calendar date, `YYYY-MM-DD`.
    static func day(_ name: String, _ description: String) -> Query {
        Query(
            name, schema: APISchemas.day, description: description, expectation: "must be a date, YYYY-MM-DD",
            absent: nil
        ) { raw -> String?? in
            // `.none` refuses; a bare `nil` here would be a present value of nil (`String??`).
            guard raw.utf8.count == 10, LocalDate.bounds(of: raw, timezone: .gmt) != nil else { return .none }
            return .some(raw)
        }
    }

    /// Any text; what it means is the handler's (or the core's) to check.
    static func text(_ name: String, schema: JSONValue = APISchemas.string, _ description: String) -> Query {
        Query(name, schema: schema, description: description, expectation: "", absent: nil) { $0 }
    }
}

extension Query where Value == ChangeCursor? {
    /// A change log cursor, as the feed and the event stream hand them out.
    static func cursor(_ name: String, _ description: String) -> Query {
        Query(
            name, schema: APISchemas.string, description: description,
            expectation: "must be a change cursor this server issued", absent: nil
        ) { raw in ChangeCursor(raw).map { .some($0) } }
    }
}

extension Query where Value == Int64? {
    /// A page cursor that is a row id this server handed out.
    static func rowCursor(_ name: String, _ description: String) -> Query {
        Query(
            name, schema: APISchemas.string, description: description,
            expectation: "must be a cursor this server issued", absent: nil
        ) { raw in Int64(raw).flatMap { $0 > 0 ? .some($0) : nil } }
    }
}

extension Query where Value == String? {
    /// A day (`YYYY-MM-DD`, in the caller's zone) or an RFC 3339 instant; the handler reads it
    /// in the caller's zone with `ExportsController.instant`.
    static func dayOrInstant(_ name: String, _ description: String) -> Query {
        Query(
            name, schema: ["type": "string", "examples": ["2026-03-01", "2026-03-01T09:00:00Z"]],
            description: description, expectation: "must be a date (YYYY-MM-DD) or an RFC 3339 time", absent: nil
        ) { raw -> String?? in
            let isDay = raw.utf8.count == 10 && LocalDate.bounds(of: raw, timezone: .gmt) != nil
            guard isDay || Timestamp.parse(raw) != nil else { return .none }
            return .some(raw)
        }
    }
}

/// "a, b or c".
func spokenList(_ values: [String]) -> String {
    values.count < 2 ? values.joined() : values.dropLast().joined(separator: ", ") + " or " + values.last!
}
