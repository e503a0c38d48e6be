import Foundation
import Hummingbird
import PomoCore
import PomoWire

/// `GET /openapi.json` and `GET /docs/api`: the contract as a document and as a page, both
/// built once at start from the route tables.
struct APIDocsController {
    static let shared = APIDocsController()

    let json: ByteBuffer
    let page: ByteBuffer

    private init() {
        json = ByteBuffer(bytes: (try? JSONBody.encoder.encode(APIDocument.build())) ?? Data("{}".utf8))
        page = ByteBuffer(string: APIDocsPage.render())
    }

    @Sendable func document(_ request: Request, context: PomoRequestContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8", .accessControlAllowOrigin: "*"],
            body: .init(byteBuffer: json))
    }

    @Sendable func docs(_ request: Request, context: PomoRequestContext) async throws -> Response {
        var headers = WebAssets.securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: page))
    }
}

/// The human-readable API page: every operation by tag, with its parameters, body and answers.
enum APIDocsPage {
    static func render() -> String {
        var html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <title>Pomo API</title><link rel="stylesheet" href="/assets/app.css"></head>
            <body><main>
            <h1>Pomo API \(escape(PomoVersion.current))</h1>
            <p>Every route pomod serves. The machine-readable description is <a href="/openapi.json">/openapi.json</a>
            (OpenAPI 3.1). Each dialect is also served under its own prefix: <code>/game/api</code>,
            <code>/taskworks/api/v1</code>, <code>/timemagic/api</code>.</p>
            <nav aria-label="Sections"><ul>
            """
        for (tag, _) in APIDocument.tags {
            html += "<li><a href=\"#\(anchor(tag))\">\(escape(tag))</a></li>"
        }
        html += "</ul></nav>"
        for (tag, text) in APIDocument.tags {
            html += "<section class=\"panel\" id=\"\(anchor(tag))\"><h2>\(escape(tag))</h2><p>\(escape(text))</p>"
            for operation in Routes.all where operation.tag == tag {
                html += render(operation)
            }
            html += "</section>"
        }
        return html + "</main></body></html>\n"
    }

    static func render(_ operation: Endpoint) -> String {
        let paths = operation.paths.map { "<code>\(escape($0))</code>" }.joined(separator: " · ")
        var html =
            "<details><summary><strong>\(operation.method.rawValue)</strong> \(paths) — \(escape(operation.summary))</summary>"
        let auth =
            switch operation.auth {
            case .none: "none"
            case .any: "bearer JWT or API key, ApiKey/Token key, or the web session cookie"
            case .notApiKey: "bearer JWT or the web session cookie (not an API key)"
            case .cookieOnly: "the web session cookie"
            case .bearerInHandler: "a bearer JWT, checked by the route itself"
            }
        html += "<p>Credentials: \(auth).</p>"
        if !operation.query.isEmpty {
            html += "<p>Query:</p><ul>"
            for parameter in operation.query {
                html += "<li><code>\(escape(parameter.name))</code> (\(escape(type(of: parameter.schema)))): "
                html += "\(escape(parameter.description))</li>"
            }
            html += "</ul>"
        }
        if let body = operation.body { html += "<p>Body: <code>\(escape(type(of: body)))</code></p>" }
        html += "<p>Answers:</p><ul>"
        for (status, body) in operation.success.sorted(by: { $0.key < $1.key }) {
            html += "<li>\(status) \(body == .null ? "(no body)" : "<code>\(escape(type(of: body)))</code>")</li>"
        }
        let dialect = operation.mount.errors
        for status in operation.errors {
            let shape = dialect.map { type(of: APISchemas.error($0, status: status)) } ?? "error"
            html += "<li>\(status) \(escape(APISchemas.reason(status))): <code>\(escape(shape))</code></li>"
        }
        return html + "</ul></details>"
    }

    /// A one-line reading of a schema: a component's name, `[T]`, `T | null`, or the type.
    static func type(of schema: JSONValue) -> String {
        guard case .object(let fields) = schema else { return "any" }
        if case .string(let ref) = fields["$ref"] { return String(ref.split(separator: "/").last ?? "") }
        if case .array(let options) = fields["anyOf"] { return options.map(type(of:)).joined(separator: " | ") }
        if case .array(let values) = fields["enum"] {
            return values.compactMap { if case .string(let v) = $0 { v } else { nil } }.joined(separator: " | ")
        }
        switch fields["type"] {
        case .string("array"): return "[\(type(of: fields["items"] ?? .null))]"
        case .string("object"):
            guard case .object(let properties) = fields["properties"] else { return "object" }
            return "{" + properties.keys.sorted().map { "\($0): \(type(of: properties[$0]!))" }.joined(separator: ", ")
                + "}"
        case .string(let name): return name
        case .array(let names):
            return names.compactMap { if case .string(let v) = $0 { v } else { nil } }.joined(separator: " | ")
        default: return "any"
        }
    }

    static func anchor(_ tag: String) -> String {
        String(tag.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
