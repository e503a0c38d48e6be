import Foundation
import Hummingbird
import NIOCore
import NIOFoundationEssentialsCompat
import PomoCore
import PomoWire

/// Reading and writing JSON bodies with errors that name the field, never a 500.
enum JSONBody {
    static var encoder: JSONEncoder { WireJSON.encoder }
    private static let treeDecoder = JSONTreeDecoder()

    static func response(
        status: HTTPResponse.Status = .ok, headers: HTTPFields = [:], json value: some Encodable
    ) -> Response {
        // Our own Encodable types cannot fail to encode; an empty object is the safe fallback.
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return response(status: status, headers: headers, json: ByteBuffer(bytes: data))
    }

    /// The same for a value that writes its own JSON (`JSONWriter`).
    static func response(
        status: HTTPResponse.Status = .ok, headers: HTTPFields = [:], json value: some JSONWritable
    ) -> Response {
        var writer = JSONWriter()
        value.write(to: &writer)
        return response(status: status, headers: headers, json: writer.withBytes { ByteBuffer(bytes: $0) })
    }

    /// The same for JSON written already, in the buffer to send.
    static func response(status: HTTPResponse.Status = .ok, headers: HTTPFields = [:], json: ByteBuffer) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: json))
    }

    /// Decodes the request body. `limit` caps its size (413 beyond it).
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int) async throws -> T {
        let data = try await bytes(of: request, limit: limit)
        guard !data.isEmpty else { throw AppError.badRequest("No data provided: a JSON body is required") }
        return try decode(T.self, from: data)
    }

    /// Like `decode`, but an empty body decodes as `empty`.
    static func decodeIfPresent<T: Decodable>(_ type: T.Type, from request: Request, limit: Int, empty: T)
        async throws -> T
    {
        let data = try await bytes(of: request, limit: limit)
        return data.isEmpty ? empty : try decode(T.self, from: data)
    }

    private static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        // One linear pass reads the text; the typed value is then taken from the tree, whose
        // free-form parts (`JSONValue`) are subtrees, so no body costs more than its size.
        let tree: JSONValue
        switch data.withUnsafeBytes({ JSONReader.parse($0) }) {
        case .success(let value): tree = value
        case .failure(let failure): throw AppError.badRequest(failure.message)
        }
        return try decode(T.self, tree: tree)
    }

    /// Decodes a value already read (an MCP tool's arguments), with the body's error messages.
    static func decode<T: Decodable>(_ type: T.Type, tree: JSONValue) throws -> T {
        if T.self == [String: JSONValue].self {
            guard case .object(let members) = tree else { throw AppError.badRequest("The JSON body must be an object") }
            return members as! T
        }
        do {
            return try treeDecoder.decode(T.self, from: tree)
        } catch let error as DecodingError {
            throw appError(error)
        }
    }

    static func bytes(of request: Request, limit: Int) async throws -> Data {
        let type = request.headers[.contentType]?.lowercased()
        if let type, !type.hasPrefix("application/json"), !type.hasSuffix("+json") {
            throw AppError(.unsupportedMediaType, "Content-Type must be application/json (got \(type))")
        }
        let buffer = try await collect(request, limit: limit)
        // A body without a Content-Type is what a cross-site page can send without a preflight
        // (`fetch` with `mode: "no-cors"` and a Blob): JSON must say it is JSON.
        if type == nil, buffer.readableBytes > 0 {
            throw AppError(.unsupportedMediaType, "Content-Type must be application/json (none was sent)")
        }
        let data = Data(buffer: buffer)
        if containsEscapedNUL(data) {
            throw AppError.badRequest("Text must not contain NUL (\\u0000) characters")
        }
        return data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) ? Data() : data
    }

    /// How long a request body may take to arrive; a client dribbling it is answered 408. Set per
    /// request from the config by `BodyDeadlineMiddleware`.
    @TaskLocal static var bodyTimeout: Duration = .seconds(60)

    static func collect(_ request: Request, limit: Int) async throws -> ByteBuffer {
        let timeout = bodyTimeout
        return try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask {
                do {
                    return try await request.body.collect(upTo: limit)
                } catch {
                    throw AppError(.payloadTooLarge, "Request body is larger than \(limit) bytes")
                }
            }
            group.addTask {
                try await DeadlineSleeper.shared.sleep(until: .now + timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let buffer = first else {
                throw AppError(.requestTimeout, "The request body did not arrive within \(timeout)")
            }
            return buffer
        }
    }

    /// Whether a JSON text holds the escape `\u0000` (a backslash that is not itself escaped).
    /// PostgreSQL cannot store NUL in text, and no client has a reason to send one.
    static func containsEscapedNUL(_ data: Data) -> Bool {
        // Most bodies have no backslash at all; the scan reads the bytes in place, without a copy.
        let backslash = UInt8(ascii: "\\")
        guard data.contains(backslash) else { return false }
        return data.withUnsafeBytes { bytes in
            var i = 0
            while i < bytes.count {
                guard bytes[i] == backslash else {
                    i += 1
                    continue
                }
                if i + 5 < bytes.count, bytes[i + 1] == UInt8(ascii: "u"),
                    bytes[(i + 2)...(i + 5)].allSatisfy({ $0 == UInt8(ascii: "0") })
                {
                    return true
                }
                i += 2
            }
            return false
        }
    }

    static func appError(_ error: DecodingError) -> AppError {
        func name(_ path: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
            (path + (last.map { [$0] } ?? [])).map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
                .joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = name(context.codingPath, key)
            return .validation(field, "\(field) is required")
        case .typeMismatch(let type, let context):
            let field = name(context.codingPath)
            if field.isEmpty { return .badRequest("The JSON body must be an object") }
            return .validation(field, "\(field) must be \(describe(type))")
        case .valueNotFound(let type, let context):
            let field = name(context.codingPath)
            if field.isEmpty { return .badRequest("The JSON body must be an object") }
            return .validation(field, "\(field) must be \(describe(type)), not null")
        case .dataCorrupted(let context):
            let field = name(context.codingPath)
            if field.isEmpty { return .badRequest("Malformed JSON body") }
            return .validation(field, "\(field) is not valid: \(context.debugDescription)")
        @unknown default:
            return .badRequest("Malformed JSON body")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        case is Bool.Type: "a boolean"
        case is [Any].Type: "an array"
        default: "a \(type)".lowercased()
        }
    }
}
