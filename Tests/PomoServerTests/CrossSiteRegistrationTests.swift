import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOPosix
import PomoTestSupport
import Testing

@testable import PomoServer

/// A web page on another site could create the admin account of a fresh install: register took
/// a body without a Content-Type (what `fetch(..., {mode: "no-cors", body: blob})` sends) from any
/// Origin. Both are refused now, before anything is stored.
@Suite struct CrossSiteRegistrationTests {
    static let body = #"{"username": "mallory", "email": "m@example.com", "password": "password-123"}"#

    @Test(arguments: TestBackend.available)
    func registerRefusesBodiesWithoutContentTypeAndCrossSiteOrigins(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            // MUT: the no-cors shape, then a cross-site page that does name the type
            let untyped = try await client.execute(
                uri: "/api/auth/register", method: .post, headers: [.origin: "http://evil.example"],
                body: ByteBuffer(string: Self.body))
            #expect(untyped.status == .forbidden, "\(untyped.status)")
            let plain = try await client.execute(
                uri: "/api/auth/register", method: .post, headers: [:], body: ByteBuffer(string: Self.body))
            // The Game dialect answers every bad input 400, with the reason.
            #expect(plain.status == .badRequest)
            #expect(String(buffer: plain.body) == #"{"error":"Content-Type must be application/json (none was sent)"}"#)
            let crossSite = try await client.send(
                .post, "/api/auth/register", body: Self.body, headers: [.origin: "http://evil.example"])
            #expect(crossSite.status == .forbidden, "\(crossSite)")
            let login = try await client.send(
                .post, "/api/auth/session", body: #"{"username": "x", "password": "y"}"#,
                headers: [.origin: "http://evil.example"])
            #expect(login.status == .forbidden)

            // validate: no account was made; the first real one, same-origin, is the admin
            let real = try await client.send(
                .post, "/api/auth/register",
                body: #"{"username": "ana", "email": "a@example.com", "password": "password-123"}"#,
                headers: [.origin: "http://localhost"])
            #expect(real.status == .created, "\(real)")
            let token = try #require(real.json["access_token"] as? String)
            let users = try await client.send(.get, "/api/admin/users", headers: bearer(token))
            #expect((users.json["data"] as? [[String: Any]])?.map { $0["username"] as? String } == ["ana"], "\(users)")
        }
    }

    /// Slack-style webhook URLs carry their secret in the path: a failed delivery is recorded and
    /// logged by its host only (a refused address, a refused connection).
    @Test func aFailedWebhookIsLoggedByItsHostOnly() async throws {
        let closed = try await closedLoopbackPort()
        for (allowPrivate, url) in [
            (false, "http://127.0.0.1:\(closed)/services/T0001/B0001/s3cr3tT0k3n"),
            (true, "http://127.0.0.1:\(closed)/services/T0001/B0001/s3cr3tT0k3n"),
        ] {
            let sender = WebhookSender(allowPrivate: allowPrivate, timeout: .seconds(5))
            var line = ""
            do {
                _ = try await sender.post(url: URL(string: url)!, headers: [], body: "{}")
            } catch {
                line = WebhookSender.describe(error)
            }
            #expect(!line.isEmpty)
            #expect(!line.contains("s3cr3t") && !line.contains("services"), "\(line)")
        }
    }

    /// A loopback port nothing listens on: one the system handed out and took back.
    private func closedLoopbackPort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 9
        try await channel.close()
        return port
    }
}
