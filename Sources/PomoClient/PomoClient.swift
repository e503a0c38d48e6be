import Foundation
import PomoCore
import PomoWire

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The Swift client of Pomo's API, shared by the `pomo` CLI and the server's end-to-end tests.
public struct PomoClient: Sendable {
    public var baseURL: URL
    /// A JWT or an API key; sent as `Authorization: Bearer <token>`.
    public var token: String?

    public init(baseURL: URL, token: String? = nil) {
        self.baseURL = baseURL
        self.token = token
    }

    public func login(username: String, password: String) async throws -> HubTokenResponse {
        try await send("POST", "api/login", body: HubLoginRequest(username: username, password: password))
    }

    public func me() async throws -> HubUser {
        let response: HubMeResponse = try await send("GET", "api/auth/me")
        return response.user
    }

    public func logout() async throws {
        struct Ack: Decodable { var success: Bool }
        let _: Ack = try await send("POST", "api/auth/logout")
    }

    func send<Response: Decodable>(
        _ method: String, _ path: String, query: [URLQueryItem] = [], body: (some Encodable)? = nil as String?
    ) async throws -> Response {
        var url = baseURL.appendingPathComponent(path)
        if !query.isEmpty, var components = URLComponents(url: url, resolvingAgainstBaseURL: false) {
            components.queryItems = query
            url = components.url ?? url
        }
        var request = URLRequest(url: url)
        request.timeoutInterval = 60
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue("pomo-cli/\(PomoVersion.current)", forHTTPHeaderField: "X-App-Identifier")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONEncoder().encode(body)
        }
        let (data, response): (Data, URLResponse)
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw PomoClientError.unreachable(baseURL.absoluteString, error.localizedDescription)
        }
        guard let http = response as? HTTPURLResponse else { throw PomoClientError.invalidResponse("not HTTP") }
        guard (200..<300).contains(http.statusCode) else {
            throw PomoClientError.server(status: http.statusCode, message: Self.message(in: data))
        }
        do {
            return try JSONDecoder().decode(Response.self, from: data)
        } catch {
            throw PomoClientError.invalidResponse(String(describing: error))
        }
    }

    /// The message of an error body in any of Pomo's dialects.
    static func message(in data: Data) -> String {
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        if let message = object?["message"] as? String { return message }
        if let errors = object?["errors"] as? [String: [String]] {
            return errors.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.joined(separator: ", "))" }
                .joined(separator: "; ")
        }
        if let message = object?["error"] as? String { return message }
        if let message = object?["errors"] as? String ?? object?["info"] as? String { return message }
        return String(decoding: data.prefix(200), as: UTF8.self)
    }
}

public enum PomoClientError: Error, Equatable, CustomStringConvertible {
    case server(status: Int, message: String)
    case unreachable(String, String)
    case invalidResponse(String)

    /// The server never saw the request: worth keeping it for later.
    public var isUnreachable: Bool {
        if case .unreachable = self { return true }
        return false
    }

    /// The server no longer keeps the changes after the cursor a feed or stream was resumed from
    /// (410, `CURSOR_EXPIRED`, past `POMO_CHANGE_RETENTION_DAYS`): what changed in between cannot
    /// be read, only what is kept.
    public var isCursorExpired: Bool {
        if case .server(410, _) = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .server(let status, let message): "server answered \(status): \(message)"
        case .unreachable(let url, let reason): "cannot reach \(url): \(reason)"
        case .invalidResponse(let reason): "unexpected response from server: \(reason)"
        }
    }
}
