import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoServer
import PomoTestSupport
import Testing

@Suite struct AdminTests {
    @Test(arguments: TestBackend.available)
    func theAdminSetsAndClearsASubscription(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let admin = try await client.accessToken("root")
            _ = try await client.register("ana")
            let set = try await client.send(
                .put, "/api/admin/users/ana/subscription", body: #"{"active_until": "2030-01-01T00:00:00+01:00"}"#,
                headers: bearer(admin))
            #expect(set.status == .ok, "\(set)")
            #expect(set.data["subscription_active_until"] as? String == "2029-12-31T23:00:00Z")
            let cleared = try await client.send(
                .put, "/api/admin/users/ana/subscription", body: #"{"active_until": null}"#, headers: bearer(admin))
            #expect(cleared.data["subscription_active_until"] is NSNull)
            let bad = try await client.send(
                .put, "/api/admin/users/ana/subscription", body: #"{"active_until": "soon"}"#, headers: bearer(admin))
            #expect(bad.status == .badRequest)
            #expect((bad.json["context"] as? [String: Any])?["field"] as? String == "active_until")
            let unknown = try await client.send(
                .put, "/api/admin/users/zed/subscription", body: #"{"active_until": null}"#, headers: bearer(admin))
            #expect(unknown.status == .notFound)
        }
    }

    @Test(arguments: TestBackend.available)
    func aNonAdminIsForbidden(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            _ = try await client.register("root")
            let ana = try await client.accessToken("ana")
            for (method, path, body) in [
                (HTTPRequest.Method.put, "/api/admin/users/root/subscription", #"{"active_until": null}"#),
                (.get, "/api/admin/users", nil), (.get, "/api/v1/admin/users", nil),
            ] {
                let reply = try await client.send(method, path, body: body, headers: bearer(ana))
                #expect(reply.status == .forbidden, "\(path): \(reply)")
                #expect(reply.json["error"] as? String == "forbidden")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func closedRegistrationLeavesAccountCreationToTheAdmin(_ backend: TestBackend) async throws {
        // The admin exists before registration closes: seed through an open app on the same store.
        try await TestApp.run(backend, configure: { $0.registrationOpen = false }) { client in
            let refused = try await client.register("ana")
            #expect(refused.status == .forbidden)
            #expect(refused.json["error"] as? String == "Registration is closed")
        }
    }

    @Test(arguments: TestBackend.available)
    func theAdminCreatesAndListsUsers(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let admin = try await client.accessToken("root")
            let created = try await client.send(
                .post, "/api/admin/users",
                body:
                    #"{"username": "ana", "email": "ana@example.com", "password": "password-123", "timezone": "Asia/Tokyo"}"#,
                headers: bearer(admin))
            #expect(created.status == .created, "\(created)")
            #expect(created.data["timezone"] as? String == "Asia/Tokyo")
            #expect(created.data["role"] as? String == "user")
            let listed = try await client.send(.get, "/api/v1/admin/users", headers: bearer(admin))
            let names = (listed.json["data"] as? [[String: Any]])?.compactMap { $0["username"] as? String }
            #expect(names == ["root", "ana"])
            #expect(!listed.body.contains("password"))
            let login = try await client.send(
                .post, "/api/login", body: #"{"username": "ana", "password": "password-123"}"#)
            #expect(login.status == .ok)
        }
    }
}
