import PomoCore

/// Where an operation is mounted: each dialect is served at the path its doc gives and again
/// under its own prefix (see `buildRouter`), so one described operation is several paths.
enum APIGroup {
    case game
    case taskWorks
    case timeMagic
    /// Pomo's own routes outside the dialect groups, at exactly one path each.
    case root(errors: Dialect?)

    var prefixes: [String] {
        switch self {
        case .game: ["/api", "/game/api"]
        case .taskWorks: ["/api/v1", "/taskworks/api/v1"]
        case .timeMagic: ["/api", "/timemagic/api"]
        case .root: [""]
        }
    }

    var errorDialect: Dialect? {
        switch self {
        case .game: .game
        case .taskWorks: .taskWorks
        case .timeMagic: .timeMagic
        case .root(let errors): errors
        }
    }
}

/// Which credentials an operation takes (DESIGN.md: every scheme unless a doc restricts it).
enum APIAuth {
    case none
    case any
    case notApiKey
}

/// A query parameter.
struct APIParameter {
    var name: String
    var schema: JSONValue
    var description: String
    var required = false
}

/// One operation of the contract, with everything the document and the docs page show.
struct APIOperation {
    var method: String
    var path: String
    var group: APIGroup
    var tag: String
    var summary: String
    var auth: APIAuth = .any
    var query: [APIParameter] = []
    var body: JSONValue?
    /// Success statuses and their bodies; `.null` is a response without a body.
    var success: [Int: JSONValue]
    var errors: [Int]
    /// The success body's media type.
    var contentType = "application/json"
    /// Overrides the group's prefixes (a route mounted at one of them only).
    var only: [String]?
    /// Other dialects' errors this path can also answer (a route two dialects share).
    var alsoErrors: [Dialect] = []

    var paths: [String] { (only ?? group.prefixes).map { $0 + path } }
}

/// The OpenAPI 3.1 document of every route, built once from `APIContract.operations`.
enum APIDocument {
    static func build() -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for operation in APIContract.operations {
            for path in operation.paths {
                guard case .object(var item) = paths[path] ?? [:] else { continue }
                item[operation.method.lowercased()] = describe(operation, at: path)
                paths[path] = .object(item)
            }
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Pomo",
                "version": .string(PomoVersion.current),
                "description": """
                Pomo serves three public API dialects from one store: the RegardingWork Game API \
                (`/api`, also `/game/api`), TaskWorks v1 (`/api/v1`, also `/taskworks/api/v1`) and Time \
                Magic (`/api`, also `/timemagic/api`), plus its own platform routes and the web app. Each \
                dialect answers errors in its own shape.
                """,
            ],
            "servers": [["url": "/"]],
            "tags": .array(
                APIContract.tags.map { name, text in ["name": .string(name), "description": .string(text)] }),
            "paths": .object(paths),
            "components": ["schemas": .object(APISchemas.components), "securitySchemes": securitySchemes],
        ]
    }

    static let securitySchemes: JSONValue = [
        "bearer": ["type": "http", "scheme": "bearer", "description": "A JWT from login, or an API key."],
        "apiKey": [
            "type": "apiKey", "in": "header", "name": "Authorization",
            "description": "`ApiKey <key>` or `Token <key>`.",
        ],
        "cookie": ["type": "apiKey", "in": "cookie", "name": .string(Credential.cookieName)],
    ]

    static func operationId(_ operation: APIOperation, path: String) -> String {
        let words = path.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        return ([operation.method.lowercased()] + words).joined(separator: "_")
    }

    private static func describe(_ operation: APIOperation, at path: String) -> JSONValue {
        var result: [String: JSONValue] = [
            "operationId": .string(operationId(operation, path: path)),
            "summary": .string(operation.summary),
            "tags": [.string(operation.tag)],
        ]
        var parameters: [JSONValue] = pathParameters(path).map { name in
            ["name": .string(name), "in": "path", "required": true, "schema": ["type": "string", "minLength": 1]]
        }
        parameters += operation.query.map { parameter in
            [
                "name": .string(parameter.name), "in": "query", "required": .bool(parameter.required),
                "schema": parameter.schema, "description": .string(parameter.description),
            ]
        }
        if !parameters.isEmpty { result["parameters"] = .array(parameters) }
        switch operation.auth {
        case .none: result["security"] = []
        case .any: result["security"] = [["bearer": []], ["apiKey": []], ["cookie": []]]
        case .notApiKey: result["security"] = [["bearer": []], ["cookie": []]]
        }
        if let body = operation.body {
            result["requestBody"] = [
                "required": true, "content": ["application/json": ["schema": body]],
            ]
        }
        var responses: [String: JSONValue] = [:]
        for (status, body) in operation.success {
            var response: [String: JSONValue] = ["description": .string(APISchemas.reason(status))]
            if body != .null { response["content"] = .object([operation.contentType: ["schema": body]]) }
            responses[String(status)] = .object(response)
        }
        let dialects = [operation.group.errorDialect].compactMap { $0 } + operation.alsoErrors
        for status in operation.errors {
            let schemas = dialects.map { APISchemas.error($0, status: status) }
            let schema: JSONValue = schemas.count == 1 ? schemas[0] : ["anyOf": .array(schemas)]
            responses[String(status)] = [
                "description": .string(APISchemas.reason(status)),
                "content": ["application/json": ["schema": schema]],
            ]
        }
        result["responses"] = .object(responses)
        return .object(result)
    }

    /// `{name}` segments of an OpenAPI path.
    static func pathParameters(_ path: String) -> [String] {
        path.split(separator: "/").compactMap { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? String(segment.dropFirst().dropLast()) : nil
        }
    }
}
