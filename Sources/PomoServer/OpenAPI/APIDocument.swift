import HTTPTypes
import PomoCore
import PomoWire

/// The OpenAPI 3.1 document of every route, built once from the route tables (`Routes.all`).
enum APIDocument {
    static let tags: [(String, String)] = [
        ("Game: auth", "RegardingWork Hub-compatible accounts and tokens."),
        ("Game: sessions", "Plan, run, submit and cancel focus sessions; Proof-of-Focus scoring."),
        ("Game: users and teams", "User data, preferences, leaderboard, teams, projects and insights."),
        ("TaskWorks", "TaskWorks v1: API keys, pomodoro sessions, today's tasks, block windows."),
        ("Pomo", "Pomo's own platform API: reports, presence, web session, admin."),
        ("Time Magic", "Projects, tasks, activities, goals and time entries. 5 requests/min per user."),
        ("Operations", "Health, metrics and this description."),
        ("Web app", "The browser app's pages and assets."),
    ]

    static func build() -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for operation in Routes.all {
            for path in operation.paths {
                guard case .object(var item) = paths[path] ?? [:] else { continue }
                item[operation.method.rawValue.lowercased()] = describe(operation, at: path)
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
                tags.map { name, text in ["name": .string(name), "description": .string(text)] }),
            "paths": .object(paths),
            "webhooks": webhooks,
            "components": ["schemas": .object(APISchemas.components), "securitySchemes": securitySchemes],
        ]
    }

    /// What Pomo posts: a change to a user's webhook, a notification to a team project's.
    static let webhooks: JSONValue = [
        "change": [
            "post": [
                "summary": "A change of a kind the webhook asked for, signed",
                "description": """
                Headers: `Pomo-Delivery` (the delivery's id; a redelivery has a new one), `Pomo-Event` (the \
                change's kind) and `Pomo-Signature: t=<unix seconds>,v1=<hex>`, where v1 is the \
                HMAC-SHA256 of `<t>.<body>` keyed by the webhook's secret. Answer 2xx within 10 s; \
                anything else is retried after 10 s, 1 min, 5 min, 30 min, 2 h, 6 h and 12 h, and a \
                webhook whose delivery fails every time is disabled.
                """,
                "requestBody": [
                    "required": true, "content": ["application/json": ["schema": APISchemas.ref("Change")]],
                ],
                "responses": ["2XX": ["description": "Received"]],
            ]
        ],
        "teamNotification": [
            "post": [
                "summary": "A team member started, completed or cancelled a session on a team project",
                "description": "Slack-compatible (`text`), with the same headers as a change.",
                "requestBody": [
                    "required": true,
                    "content": ["application/json": ["schema": APISchemas.ref("TeamNotification")]],
                ],
                "responses": ["2XX": ["description": "Received"]],
            ]
        ],
    ]

    static let securitySchemes: JSONValue = [
        "bearer": ["type": "http", "scheme": "bearer", "description": "A JWT from login, or an API key."],
        "apiKey": [
            "type": "apiKey", "in": "header", "name": "Authorization",
            "description": "`ApiKey <key>` or `Token <key>`.",
        ],
        "cookie": ["type": "apiKey", "in": "cookie", "name": .string(Credential.cookieName)],
    ]

    static func operationId(_ operation: Endpoint, path: String) -> String {
        let words = path.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        return ([operation.method.rawValue.lowercased()] + words).joined(separator: "_")
    }

    private static func describe(_ operation: Endpoint, at path: String) -> JSONValue {
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
        case .cookieOnly: result["security"] = [["cookie": []]]
        case .bearerInHandler: result["security"] = [["bearer": []]]
        }
        if let content = operation.bodyContent {
            result["requestBody"] = ["required": true, "content": .object(content.mapValues { ["schema": $0] })]
        } else if let body = operation.body {
            result["requestBody"] = [
                "required": .bool(operation.bodyRequired), "content": ["application/json": ["schema": body]],
            ]
        }
        var responses: [String: JSONValue] = [:]
        for (status, body) in operation.success {
            var response: [String: JSONValue] = ["description": .string(APISchemas.reason(status))]
            if body != .null {
                var content: [String: JSONValue] = [operation.contentType: ["schema": body]]
                for (type, schema) in operation.otherContent { content[type] = ["schema": schema] }
                response["content"] = .object(content)
            }
            responses[String(status)] = .object(response)
        }
        let dialects = [operation.mount.errors].compactMap { $0 } + operation.alsoErrors
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
        // A whole segment (`{id}`) or its start (`{token}.ics`).
        path.split(separator: "/").compactMap { segment in
            guard segment.hasPrefix("{"), let close = segment.firstIndex(of: "}") else { return nil }
            return String(segment[segment.index(after: segment.startIndex)..<close])
        }
    }
}
