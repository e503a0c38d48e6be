import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoTestSupport
import Testing

@Suite struct HubAuthTests {
    @Test(arguments: TestBackend.available)
    func registerLoginAndMeSpeakTheHubShapes(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            // MUT
            let registered = try await client.register("ana")
            // validate
            #expect(registered.status == .created)
            #expect(registered.json["success"] as? Bool == true)
            let user = try #require(registered.json["user"] as? [String: Any])
            #expect(user["username"] as? String == "ana")
            #expect(user["role"] as? String == "ADMIN")
            #expect(user.keys.contains("bio"))
            for body in [
                #"{"username": "ana", "password": "password-123"}"#,
                #"{"email": "ANA@example.com", "password": "password-123"}"#,
            ] {
                for path in ["/api/login", "/api/auth/login", "/game/api/auth/login"] {
                    let login = try await client.send(.post, path, body: body)
                    #expect(login.status == .ok, "\(path): \(login)")
                    #expect(login.json["message"] as? String == "Login successful")
                    #expect(login.json["token"] as? String == login.json["access_token"] as? String)
                    #expect(login.json["refresh_token"] is String)
                    #expect(login.json["expires_in"] as? Int == 30 * 86_400)
                }
            }
            let token = try #require(registered.json["access_token"] as? String)
            let me = try await client.send(.get, "/api/auth/me", headers: bearer(token))
            #expect(me.status == .ok)
            #expect((me.json["user"] as? [String: Any])?["email"] as? String == "ana@example.com")
        }
    }

    @Test(arguments: TestBackend.available)
    func loginFailuresUseTheHubMessages(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            _ = try await client.register("ana")
            let wrong = try await client.send(
                .post, "/api/login", body: #"{"username": "ana", "password": "nope-nope"}"#)
            #expect(wrong.status == .unauthorized)
            #expect(wrong.json["error"] as? String == "Invalid credentials")
            let unknown = try await client.send(
                .post, "/api/login", body: #"{"username": "zed", "password": "nope-nope"}"#)
            #expect(unknown.json["error"] as? String == "Invalid credentials")
            let missing = try await client.send(.post, "/api/auth/login", body: #"{"username": "ana"}"#)
            #expect(missing.status == .badRequest)
            #expect(missing.json["error"] as? String == "Username/email and password are required")
            let empty = try await client.send(.post, "/api/auth/login", body: "")
            #expect(empty.status == .badRequest)
        }
    }

    @Test(arguments: TestBackend.available)
    func registrationErrorsNameTheFieldAndDuplicatesConflict(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let short = try await client.send(
                .post, "/api/auth/register", body: #"{"username": "ana", "email": "ana@example.com", "password": "x"}"#)
            #expect(short.status == .badRequest)
            #expect(short.json["field"] as? String == "password")
            _ = try await client.register("ana")
            let again = try await client.register("ANA")
            #expect(again.status == .conflict)
            #expect(again.json["error"] as? String == "Username already exists")
        }
    }

    @Test(arguments: TestBackend.available)
    func refreshRotatesAndTheOldRefreshTokenStopsWorking(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let registered = try await client.register("ana")
            let first = try #require(registered.json["refresh_token"] as? String)
            let refreshed = try await client.send(.post, "/api/auth/refresh", body: #"{"refresh_token": "\#(first)"}"#)
            #expect(refreshed.status == .ok)
            #expect(refreshed.json["message"] as? String == "Token refreshed successfully")
            let second = try #require(refreshed.json["refresh_token"] as? String)
            #expect(second != first)
            let access = try #require(refreshed.json["access_token"] as? String)
            #expect(try await client.send(.get, "/api/auth/me", headers: bearer(access)).status == .ok)
            let reused = try await client.send(.post, "/api/auth/refresh", body: #"{"refresh_token": "\#(first)"}"#)
            #expect(reused.status == .unauthorized)
            #expect(reused.json["error"] as? String == "Invalid or expired refresh token")
            // The reuse revoked the chain: the rotated pair is refused too (SessionRevocationTests).
            #expect(try await client.send(.get, "/api/auth/me", headers: bearer(access)).status == .unauthorized)
            // An access token is not a refresh token.
            let wrongType = try await client.send(.post, "/api/auth/refresh", body: #"{"refresh_token": "\#(access)"}"#)
            #expect(wrongType.status == .unauthorized)
            let none = try await client.send(.post, "/api/auth/refresh", body: "{}")
            #expect(none.json["error"] as? String == "Refresh token is required")
        }
    }
}
