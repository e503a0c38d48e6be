import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PomoCore
import PomoServer
import PomoStore
import PomoTestSupport

/// Runs the real application in-process over a fresh database of the given backend.
enum TestApp {
    /// Long enough for jwt-kit's HMAC checks in debug builds.
    static let secret = "test-secret-0123456789-0123456789-0123456789"

    static func config(dataDirectory: String) -> PomoConfig {
        var config = PomoConfig()
        config.dataDirectory = dataDirectory
        config.jwtSecret = secret
        config.bcryptCost = 4
        config.port = 0
        // The Time Magic limit has tests of its own; the others must not trip over it.
        config.timeMagicRateLimit = 100_000
        config.cookieRateLimit = 100_000
        // Loaded test runs can leave the test client's connection quiet for a while.
        config.idleTimeout = 600
        // Webhooks reach the tests' receivers on loopback, and nothing else: no name is resolved.
        config.webhookAllowPrivate = true
        config.webhookHosts = ["127.0.0.1"]
        return config
    }

    static func run(
        _ backend: TestBackend, clock: ManualClock = ManualClock(Date()), testing: TestingSetup = .router,
        configure: (inout PomoConfig) -> Void = { _ in },
        _ test: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        try await runWithDatabase(backend, clock: clock, testing: testing, configure: configure) { client, _ in
            try await test(client)
        }
    }

    /// As `run`, also handing the test the database, to seed rows no route creates yet.
    static func runWithDatabase(
        _ backend: TestBackend, clock: ManualClock = ManualClock(Date()), testing: TestingSetup = .router,
        configure: (inout PomoConfig) -> Void = { _ in },
        _ test: @Sendable (any TestClientProtocol, PomoDatabase) async throws -> Void
    ) async throws {
        var config = Self.config(dataDirectory: try TestDatabases.temporaryDirectory())
        configure(&config)
        let database = try await TestDatabases.open(backend)
        do {
            let app = try await buildApplication(
                config: config, database: database, clock: clock, logger: TestDatabases.logger)
            try await app.test(testing) { client in try await test(client, database) }
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }
}

struct Reply: CustomStringConvertible {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: String

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }
    var data: [String: Any] { json["data"] as? [String: Any] ?? [:] }
    /// A bare JSON array of objects (Time Magic's collections).
    var array: [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [[String: Any]] ?? []
    }
    var description: String { "\(status.code) \(body)" }
}

extension TestClientProtocol {
    func send(
        _ method: HTTPRequest.Method, _ uri: String, body: String? = nil, headers: HTTPFields = [:]
    ) async throws -> Reply {
        var headers = headers
        if body != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        let response = try await execute(
            uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        return Reply(status: response.status, headers: response.headers, body: String(buffer: response.body))
    }

    /// Registers a user and returns the Hub token response.
    func register(_ username: String, password: String = "password-123") async throws -> Reply {
        try await send(
            .post, "/api/auth/register",
            body: #"{"username": "\#(username)", "email": "\#(username)@example.com", "password": "\#(password)"}"#)
    }

    /// Registers a user and returns their access token.
    func accessToken(_ username: String) async throws -> String {
        let reply = try await register(username)
        guard let token = reply.json["access_token"] as? String else { throw TestSetupError("register: \(reply)") }
        return token
    }
}

extension TestClientProtocol {
    /// Registers a user and creates an API key for them: the credential Time Magic clients use.
    func apiKey(_ username: String) async throws -> String {
        let jwt = try await accessToken(username)
        let reply = try await send(.post, "/api/v1/auth/api-keys", body: #"{"name": "tm"}"#, headers: bearer(jwt))
        guard let key = reply.data["token"] as? String else { throw TestSetupError("api key: \(reply)") }
        return key
    }
}

func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }
