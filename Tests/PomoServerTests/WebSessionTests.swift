import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoServer
import PomoTestSupport
import Testing

@Suite struct WebSessionTests {
    static let origin = "http://localhost"  // the test framework's authority

    /// Logs in through the cookie endpoint and returns the `Cookie` header to send back.
    func cookieLogin(_ client: some TestClientProtocol, _ username: String) async throws -> String {
        _ = try await client.register(username)
        let reply = try await client.send(
            .post, "/api/auth/session", body: #"{"username": "\#(username)", "password": "password-123"}"#)
        let setCookie = try #require(reply.headers[.setCookie])
        #expect(setCookie.contains("HttpOnly"))
        #expect(setCookie.contains("SameSite=Lax"))
        return try #require(setCookie.split(separator: ";").first.map(String.init))
    }

    /// A cookie sent over plain HTTP can be read on the way; behind HTTPS it is marked `Secure`.
    static func setCookie(_ client: some TestClientProtocol, _ name: String, _ headers: HTTPFields = [:])
        async throws -> String
    {
        _ = try await client.register(name)
        let reply = try await client.send(
            .post, "/api/auth/session", body: #"{"username": "\#(name)", "password": "password-123"}"#,
            headers: headers)
        return try #require(reply.headers[.setCookie], "\(reply)")
    }

    @Test func theCookieIsSecureBehindHTTPS() async throws {
        // MUT: plain HTTP, then a trusted proxy (loopback) saying the client came over HTTPS
        try await TestApp.run(.sqlite, testing: .live) { client in
            let plain = try await Self.setCookie(client, "ana")
            #expect(!plain.contains("Secure"))
            let proxied = try await Self.setCookie(client, "bob", [HTTPField.Name("X-Forwarded-Proto")!: "https"])
            #expect(proxied.hasSuffix("; Secure"), "\(proxied)")
        }
        // ... and a server whose public URL is https
        try await TestApp.run(.sqlite, configure: { $0.publicURL = "https://pomo.example.com" }) { client in
            let cookie = try await Self.setCookie(client, "cyd")
            #expect(cookie.hasSuffix("; Secure"))
        }
        #expect(throws: ConfigError.self) { try PomoConfig(environment: ["POMO_PUBLIC_URL": "pomo.example.com"]) }
    }

    @Test(arguments: TestBackend.available)
    func theCookieAuthenticatesReadsAndSameOriginWrites(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let cookie = try await cookieLogin(client, "ana")
            let me = try await client.send(.get, "/api/v1/auth/me", headers: [.cookie: cookie])
            #expect(me.data["name"] as? String == "ana")
            let hub = try await client.send(.get, "/api/auth/me", headers: [.cookie: cookie])
            #expect(hub.status == .ok)
            let sameOrigin: HTTPFields = [.cookie: cookie, .origin: Self.origin]
            let created = try await client.send(
                .post, "/api/v1/auth/api-keys", body: #"{"name": "web"}"#, headers: sameOrigin)
            #expect(created.status == .created, "\(created)")
        }
    }

    @Test(arguments: TestBackend.available)
    func crossSiteOrOriginlessCookieWritesAreRefused(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let cookie = try await cookieLogin(client, "ana")
            for extra in [[.origin: "http://evil.example"], [:] as HTTPFields] {
                var headers: HTTPFields = [.cookie: cookie]
                headers.append(contentsOf: extra)
                let reply = try await client.send(
                    .post, "/api/v1/auth/api-keys", body: #"{"name": "x"}"#, headers: headers)
                #expect(reply.status == .forbidden, "\(reply)")
            }
            let listed = try await client.send(.get, "/api/v1/auth/api-keys", headers: [.cookie: cookie])
            #expect((listed.json["data"] as? [Any])?.isEmpty == true)
        }
    }

    @Test(arguments: TestBackend.available)
    func endingTheSessionLogsTheCookieOut(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let cookie = try await cookieLogin(client, "ana")
            let headers: HTTPFields = [.cookie: cookie, .origin: Self.origin]
            let ended = try await client.send(.delete, "/api/auth/session", headers: headers)
            #expect(ended.status == .ok)
            #expect(ended.headers[.setCookie]?.contains("Max-Age=0") == true)
            let after = try await client.send(.get, "/api/v1/auth/me", headers: [.cookie: cookie])
            #expect(after.status == .unauthorized)
        }
    }

    /// Logging the web app out takes the session cookie only (its route says so): a bearer
    /// token is refused in TaskWorks' shape, and the cookie's session goes on.
    @Test func endingTheSessionTakesTheCookieOnly() async throws {
        try await TestApp.run(.sqlite) { client in
            let cookie = try await cookieLogin(client, "ana")
            let jwt = try await client.accessToken("bob")
            let refused = try await client.send(.delete, "/api/auth/session", headers: bearer(jwt))
            #expect(refused.status == .unauthorized)
            #expect(refused.json["message"] as? String == "JWT not supported for this endpoint")
            #expect(try await client.send(.get, "/api/v1/auth/me", headers: [.cookie: cookie]).status == .ok)
        }
    }

    @Test(arguments: TestBackend.available)
    func aWrongPasswordSetsNoCookie(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            _ = try await client.register("ana")
            let reply = try await client.send(
                .post, "/api/auth/session", body: #"{"email": "ana@example.com", "password": "wrong-one"}"#)
            #expect(reply.status == .unauthorized)
            #expect(reply.headers[.setCookie] == nil)
            #expect(reply.json["message"] as? String == "Invalid credentials")
        }
    }
}
