import Foundation
import HTTPTypes
import HummingbirdTesting
import JWTKit
import PomoCore
import PomoTestSupport
import Testing

@Suite struct TokenValidationTests {
    @Test(arguments: TestBackend.available)
    func validateAnswersForAGoodToken(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let token = try await client.accessToken("ana")
            for method in [HTTPRequest.Method.get, .post] {
                let reply = try await client.send(method, "/api/auth/validate", headers: bearer(token))
                #expect(reply.status == .ok)
                #expect(reply.json["valid"] as? Bool == true)
                #expect(reply.json["token_type"] as? String == "access")
                #expect(reply.json["username"] as? String == "ana")
                #expect(reply.json["expires_at"] is Int)
            }
            let inBody = try await client.send(.post, "/api/auth/validate", body: #"{"token": "\#(token)"}"#)
            #expect(inBody.json["valid"] as? Bool == true)
        }
    }

    @Test(arguments: TestBackend.available)
    func validateNamesEachKindOfBadToken(_ backend: TestBackend) async throws {
        let clock = ManualClock(Date())
        try await TestApp.run(backend, clock: clock) { client in
            let token = try await client.accessToken("ana")
            func check(_ headers: HTTPFields, _ message: String) async throws {
                let reply = try await client.send(.get, "/api/auth/validate", headers: headers)
                #expect(reply.status == .unauthorized)
                #expect(reply.json["valid"] as? Bool == false)
                #expect(reply.json["error"] as? String == message)
            }
            try await check([:], "Authorization header required")
            try await check(bearer("not-a-jwt"), "Invalid token: Not enough segments")
            try await check(bearer(try await foreignToken()), "Invalid token: Signature verification failed")
            clock.advance(by: 31 * 86_400)
            try await check(bearer(token), "Token has expired")
        }
    }

    @Test(arguments: TestBackend.available)
    func logoutRevokesTheToken(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let token = try await client.accessToken("ana")
            let logout = try await client.send(.post, "/api/auth/logout", headers: bearer(token))
            #expect(logout.status == .ok)
            #expect(logout.json["success"] as? Bool == true)
            let validate = try await client.send(.get, "/api/auth/validate", headers: bearer(token))
            #expect(validate.json["error"] as? String == "Token has been revoked")
            let me = try await client.send(.get, "/api/auth/me", headers: bearer(token))
            #expect(me.status == .unauthorized)
            #expect(me.json["error"] as? String == "Invalid or expired token")
        }
    }

    @Test(arguments: TestBackend.available)
    func gameRoutesSay403WithoutATokenAnd401ForABadOne(_ backend: TestBackend) async throws {
        let clock = ManualClock(Date())
        try await TestApp.run(backend, clock: clock) { client in
            let token = try await client.accessToken("ana")
            let missing = try await client.send(.get, "/api/auth/me")
            #expect(missing.status == .forbidden)
            #expect(missing.body == #"{"error":"Token required"}"#)
            for headers in [bearer("garbage.garbage.garbage"), bearer(try await foreignToken())] {
                let bad = try await client.send(.get, "/api/auth/me", headers: headers)
                #expect(bad.status == .unauthorized)
                #expect(bad.body == #"{"error":"Invalid or expired token"}"#)
            }
            clock.advance(by: 31 * 86_400)
            let expired = try await client.send(.get, "/api/auth/me", headers: bearer(token))
            #expect(expired.status == .unauthorized)
            let unsupported = try await client.send(
                .get, "/api/auth/me", headers: [.authorization: "Basic YWJjOmRlZg=="])
            #expect(unsupported.status == .unauthorized)
        }
    }

    /// A well-formed token for user 1, signed with a secret the server does not know.
    func foreignToken() async throws -> String {
        struct Claims: JWTPayload {
            var user_id: Int64
            var exp: ExpirationClaim
            var jti: IDClaim
            var iat: IssuedAtClaim
            var type: String
            func verify(using algorithm: some JWTAlgorithm) async throws {}
        }
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: "another-secret-0123456789-0123456789-0123"), digestAlgorithm: .sha256)
        return try await keys.sign(
            Claims(
                user_id: 1, exp: .init(value: Date() + 3600), jti: .init(value: "x"), iat: .init(value: Date()),
                type: "access"))
    }
}
