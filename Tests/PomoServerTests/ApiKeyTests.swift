import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoTestSupport
import Testing

@Suite struct ApiKeyTests {
    @Test(arguments: TestBackend.available)
    func aKeyWorksInEverySchemeOnEveryDialectAndIsShownOnce(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let jwt = try await client.accessToken("ana")
            // MUT
            let created = try await client.send(
                .post, "/api/v1/auth/api-keys", body: #"{"name": "laptop"}"#, headers: bearer(jwt))
            // validate
            #expect(created.status == .created)
            #expect(created.json["error"] is NSNull)
            let key = try #require(created.data["token"] as? String)
            #expect(key.count == 43)
            #expect(created.data["prefix"] as? String == String(key.prefix(8)))
            let listed = try await client.send(.get, "/api/v1/auth/api-keys", headers: bearer(jwt))
            let items = try #require(listed.json["data"] as? [[String: Any]])
            #expect(items.count == 1)
            #expect(items[0]["token"] == nil)
            #expect(!listed.body.contains(key))

            for scheme in ["Bearer", "ApiKey", "Token"] {
                let headers: HTTPFields = [.authorization: "\(scheme) \(key)"]
                let tw = try await client.send(.get, "/api/v1/auth/me", headers: headers)
                #expect(tw.status == .ok, "\(scheme): \(tw)")
                #expect(tw.data["name"] as? String == "ana")
                #expect(tw.data["userId"] as? String == tw.data["id"] as? String)
                let hub = try await client.send(.get, "/api/auth/me", headers: headers)
                #expect(hub.status == .ok, "\(scheme): \(hub)")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func anApiKeyCannotManageApiKeys(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let jwt = try await client.accessToken("ana")
            let key = try #require(
                try await client.send(.post, "/api/v1/auth/api-keys", body: #"{"name": "k"}"#, headers: bearer(jwt))
                    .data["token"] as? String)
            for (method, path) in [(HTTPRequest.Method.get, "/api/v1/auth/api-keys"), (.post, "/api/v1/auth/api-keys")]
            {
                let reply = try await client.send(method, path, body: "{}", headers: [.authorization: "ApiKey \(key)"])
                #expect(reply.status == .unauthorized)
                #expect(reply.json["error"] as? String == "unauthorized")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func revokedAndRotatedKeysAreRefusedWithTheDialectBody(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let jwt = try await client.accessToken("ana")
            let created = try await client.send(
                .post, "/api/v1/auth/api-keys", body: #"{"name": "k"}"#, headers: bearer(jwt))
            let id = try #require(created.data["id"] as? String)
            let key = try #require(created.data["token"] as? String)
            let rotated = try await client.send(.post, "/api/v1/auth/api-keys/\(id)/rotate", headers: bearer(jwt))
            #expect(rotated.status == .created)
            let newKey = try #require(rotated.data["token"] as? String)
            let newId = try #require(rotated.data["id"] as? String)

            let old = try await client.send(.get, "/api/v1/auth/me", headers: [.authorization: "ApiKey \(key)"])
            #expect(old.status == .unauthorized)
            #expect(old.json["message"] as? String == "Invalid or revoked API key")
            #expect(old.json.keys.sorted() == ["code", "context", "error", "message"])

            let revoked = try await client.send(.delete, "/api/v1/auth/api-keys?id=\(newId)", headers: bearer(jwt))
            #expect(revoked.status == .ok)
            #expect(revoked.data["revoked"] as? Bool == true)
            let gone = try await client.send(.get, "/api/auth/me", headers: [.authorization: "Token \(newKey)"])
            #expect(gone.status == .unauthorized)
            #expect(gone.body == #"{"error":"Invalid or revoked API key"}"#)
        }
    }

    @Test(arguments: TestBackend.available)
    func anotherUsersKeyIsNotFoundAndKeepsWorking(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let ana = try await client.accessToken("ana")
            let ben = try await client.accessToken("ben")
            let created = try await client.send(
                .post, "/api/v1/auth/api-keys", body: #"{"name": "k"}"#, headers: bearer(ana))
            let id = try #require(created.data["id"] as? String)
            let key = try #require(created.data["token"] as? String)
            let steal = try await client.send(
                .delete, "/api/v1/auth/api-keys", body: #"{"id": \#(id)}"#, headers: bearer(ben))
            #expect(steal.status == .notFound)
            #expect(steal.json["error"] as? String == "not_found")
            let benList = try await client.send(.get, "/api/v1/auth/api-keys", headers: bearer(ben))
            #expect((benList.json["data"] as? [Any])?.isEmpty == true)
            let me = try await client.send(.get, "/api/v1/auth/me", headers: [.authorization: "ApiKey \(key)"])
            #expect(me.data["name"] as? String == "ana")
        }
    }
}
