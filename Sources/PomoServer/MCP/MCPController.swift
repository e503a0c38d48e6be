import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PomoCore
import PomoWire

/// `POST /api/mcp`: the Model Context Protocol's Streamable HTTP transport, answered as
/// `application/json` (no stream, no session: every POST stands alone, which is what lets
/// several pomods serve one agent). JSON-RPC 2.0: `initialize`, `ping`, `tools/list` and
/// `tools/call`; notifications and a client's own responses are taken with 202. The route sits
/// behind Time Magic's gate, so a caller is authenticated as for REST, and each POST counts once
/// against the rate limit; a Time Magic read tool without a subscription is the 402 rule's
/// refusal, as a tool error.
struct MCPController {
    let services: AppServices

    /// Newest first: the first is offered to a client asking for one Pomo does not speak.
    static let versions = ["2025-11-25", "2025-06-18", "2025-03-26"]

    /// JSON-RPC's error codes.
    enum Code: Int {
        case parseError = -32700
        case invalidRequest = -32600
        case methodNotFound = -32601
        case invalidParams = -32602
    }

    @Sendable func post(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let principal = try context.requireUser()
        if let version = request.headers[.mcpProtocolVersion], !Self.versions.contains(version) {
            return Self.reply(
                .badRequest,
                Self.error(
                    nil, .invalidRequest,
                    "Unsupported MCP-Protocol-Version \(version); this server speaks \(Self.versions.joined(separator: ", "))"
                ))
        }
        let data = try await JSONBody.bytes(of: request, limit: services.config.maxBodyBytes)
        let message: JSONValue
        switch data.withUnsafeBytes({ JSONReader.parse($0) }) {
        case .success(let value): message = value
        case .failure(let failure): return Self.reply(.badRequest, Self.error(nil, .parseError, failure.message))
        }
        let session = MCPSession(services: services, user: principal.user, logger: context.logger)
        switch message {
        case .object(let fields):
            guard let answer = await session.handle(fields) else { return Response(status: .accepted) }
            return Self.reply(.ok, answer)
        case .array(let batch) where !batch.isEmpty && batch.count <= 100:
            // 2025-03-26 clients may batch; later revisions never do.
            var answers: [JSONValue] = []
            for item in batch {
                guard case .object(let fields) = item else {
                    answers.append(Self.error(nil, .invalidRequest, "Each message must be a JSON-RPC object"))
                    continue
                }
                if let answer = await session.handle(fields) { answers.append(answer) }
            }
            return answers.isEmpty ? Response(status: .accepted) : Self.reply(.ok, .array(answers))
        default:
            return Self.reply(
                .badRequest, Self.error(nil, .invalidRequest, "The body must be one JSON-RPC message (an object)"))
        }
    }

    /// GET would open a stream of the server's own messages, and DELETE end a session: Pomo has
    /// neither, which the transport says with 405.
    @Sendable func notAllowed(_ request: Request, context: PomoRequestContext) async throws -> Response {
        _ = try context.requireUser()
        return Response(
            status: .methodNotAllowed, headers: [.allow: "POST", .contentType: "application/json; charset=utf-8"],
            body: .init(
                byteBuffer: ByteBuffer(
                    string: WireJSON.text(Self.error(nil, .invalidRequest, "This MCP endpoint takes POST only")))))
    }

    static func reply(_ status: HTTPResponse.Status, _ body: JSONValue) -> Response {
        JSONBody.response(status: status, json: body)
    }

    static func result(_ id: JSONValue, _ result: JSONValue) -> JSONValue {
        .object(["jsonrpc": "2.0", "id": id, "result": result])
    }

    static func error(_ id: JSONValue?, _ code: Code, _ message: String) -> JSONValue {
        .object([
            "jsonrpc": "2.0", "id": id ?? .null,
            "error": .object(["code": .number(Double(code.rawValue)), "message": .string(message)]),
        ])
    }
}

/// One POST's messages, for one caller.
struct MCPSession {
    let services: AppServices
    let user: User
    let logger: Logger

    /// The answer to one message; nil for a notification or a client's response, which get none.
    func handle(_ message: [String: JSONValue]) async -> JSONValue? {
        let id = message["id"]
        guard message["jsonrpc"] == "2.0" else {
            return MCPController.error(id, .invalidRequest, "jsonrpc must be \"2.0\"")
        }
        guard case .string(let method)? = message["method"] else {
            // A response to a request of the server's: Pomo sends none, so there is nothing to match.
            if message["result"] != nil || message["error"] != nil { return nil }
            return MCPController.error(id, .invalidRequest, "A request needs a method")
        }
        guard let id else { return nil }  // a notification: initialized, cancelled, …
        switch id {
        case .string, .number: break
        default: return MCPController.error(nil, .invalidRequest, "id must be a string or a number")
        }
        let params: [String: JSONValue]
        switch message["params"] {
        case nil, .null?: params = [:]
        case .object(let fields)?: params = fields
        default: return MCPController.error(id, .invalidParams, "params must be an object")
        }
        switch method {
        case "initialize":
            return MCPController.result(id, initialize(params))
        case "ping":
            return MCPController.result(id, .object([:]))
        case "tools/list":
            return MCPController.result(id, .object(["tools": .array(MCPTools.all.map(\.descriptor))]))
        case "tools/call":
            guard case .string(let name)? = params["name"] else {
                return MCPController.error(id, .invalidParams, "tools/call needs the tool's name")
            }
            guard let tool = MCPTools.named[name] else {
                return MCPController.error(id, .invalidParams, "Unknown tool: \(name)")
            }
            let arguments: [String: JSONValue]
            switch params["arguments"] {
            case nil, .null?: arguments = [:]
            case .object(let fields)?: arguments = fields
            default: return MCPController.error(id, .invalidParams, "arguments must be an object")
            }
            return MCPController.result(id, await call(tool, arguments))
        default:
            return MCPController.error(id, .methodNotFound, "Method not found: \(method)")
        }
    }

    /// The client's protocol version when Pomo speaks it, else Pomo's newest.
    func initialize(_ params: [String: JSONValue]) -> JSONValue {
        var version = MCPController.versions[0]
        if case .string(let asked)? = params["protocolVersion"], MCPController.versions.contains(asked) {
            version = asked
        }
        return .object([
            "protocolVersion": .string(version),
            "capabilities": .object(["tools": .object(["listChanged": .bool(false)])]),
            "serverInfo": .object(["name": "pomo", "title": "Pomo", "version": .string(PomoVersion.current)]),
            "instructions": .string(MCPTools.instructions),
        ])
    }

    /// A tool's answer, or its refusal as a tool error carrying the dialect's own error body:
    /// never a JSON-RPC error, whatever the tool meets.
    func call(_ tool: MCPTool, _ arguments: [String: JSONValue]) async -> JSONValue {
        let text: String
        var failed = false
        do {
            if tool.readOnly, tool.dialect == .timeMagic, !user.hasActiveSubscription(at: services.clock.now()) {
                throw AppError(.paymentRequired, "Subscription required for GET requests.")
            }
            text = try await tool.run(
                MCPCall(services: services, user: user, arguments: arguments, dialect: tool.dialect))
        } catch {
            let appError = DialectErrorMiddleware.appError(from: error, logger: logger)
            text = WireJSON.text(tool.dialect.body(for: appError))
            failed = true
        }
        return .object([
            "content": .array([.object(["type": "text", "text": .string(text)])]), "isError": .bool(failed),
        ])
    }
}
