import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoServer
import PomoTestSupport
import Testing

@Suite struct BadInputTests {
    @Test(arguments: TestBackend.available)
    func malformedJSONIsA400InEachDialect(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let jwt = try await client.accessToken("ana")
            let game = try await client.send(.post, "/api/login", body: #"{"username": "ana", "#)
            #expect(game.status == .badRequest)
            #expect(game.json["error"] as? String == "Malformed JSON body")
            let taskWorks = try await client.send(.post, "/api/v1/auth/api-keys", body: "[1, 2", headers: bearer(jwt))
            #expect(taskWorks.status == .badRequest)
            #expect(taskWorks.json["error"] as? String == "bad_request")
            #expect(taskWorks.json["message"] as? String == "Malformed JSON body")
            let notObject = try await client.send(.post, "/api/login", body: "[]")
            #expect(notObject.status == .badRequest)
        }
    }

    @Test(arguments: TestBackend.available)
    func wrongTypesNameTheField(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let reply = try await client.send(
                .post, "/api/auth/register", body: #"{"username": 42, "email": "a@b.c", "password": "x"}"#)
            #expect(reply.status == .badRequest)
            #expect(reply.json["field"] as? String == "username")
            #expect(reply.json["error"] as? String == "username must be a string")
            let jwt = try await client.accessToken("ana")
            let key = try await client.send(
                .post, "/api/v1/auth/api-keys", body: #"{"name": ["x"]}"#, headers: bearer(jwt))
            #expect(key.status == .badRequest)
            #expect((key.json["context"] as? [String: Any])?["field"] as? String == "name")
        }
    }

    @Test(arguments: TestBackend.available)
    func anUnknownContentTypeIsRefusedWithAMessage(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let reply = try await client.send(
                .post, "/api/login", body: "username=ana&password=x",
                headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(reply.status == .badRequest)
            #expect((reply.json["error"] as? String)?.contains("application/json") == true)
        }
    }

    @Test(arguments: TestBackend.available)
    func aBodyOverTheLimitIs413AndStoresNothing(_ backend: TestBackend) async throws {
        try await TestApp.run(backend, configure: { $0.maxBodyBytes = 4096 }) { client in
            let padding = String(repeating: "x", count: 5000)
            let reply = try await client.send(
                .post, "/api/auth/register",
                body:
                    #"{"username": "ana", "email": "ana@example.com", "password": "password-123", "pad": "\#(padding)"}"#
            )
            #expect(reply.status == .contentTooLarge)
            let login = try await client.send(
                .post, "/api/login", body: #"{"username": "ana", "password": "password-123"}"#)
            #expect(login.status == .unauthorized)
        }
    }
}
