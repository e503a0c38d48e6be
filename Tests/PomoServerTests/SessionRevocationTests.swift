import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A password change, a reset, a disable and a logout end what they promise to end: the attack on
/// a live pomod kept its old access token, cookie and refresh token after `reset-password`, and a
/// refresh token kept working after logout.
@Suite struct SessionRevocationTests {
    /// Every credential a user can hold: the Hub tokens, a web session cookie and an API key.
    struct Held {
        var access: HTTPFields
        var refresh: String
        var cookie: HTTPFields
        var key: HTTPFields
    }

    static func hold(_ client: some TestClientProtocol, _ username: String) async throws -> Held {
        let registered = try await client.register(username)
        let access = bearer(try #require(registered.json["access_token"] as? String))
        let refresh = try #require(registered.json["refresh_token"] as? String)
        let session = try await client.send(
            .post, "/api/auth/session", body: #"{"username": "\#(username)", "password": "password-123"}"#)
        let cookie = try #require(session.headers[.setCookie]?.split(separator: ";").first.map(String.init))
        let key = try await client.send(.post, "/api/v1/auth/api-keys", body: #"{"name": "k"}"#, headers: access)
        let token = try #require(key.data["token"] as? String)
        return Held(access: access, refresh: refresh, cookie: [.cookie: cookie], key: bearer(token))
    }

    /// The status each credential gets on a read that needs a caller.
    static func statuses(_ client: some TestClientProtocol, _ held: Held) async throws -> [String: Int] {
        var result: [String: Int] = [:]
        for (name, headers) in [("access", held.access), ("cookie", held.cookie), ("key", held.key)] {
            result[name] = Int(try await client.send(.get, "/api/v1/auth/me", headers: headers).status.code)
        }
        let refreshed = try await client.send(
            .post, "/api/auth/refresh", body: #"{"refresh_token": "\#(held.refresh)"}"#)
        result["refresh"] = Int(refreshed.status.code)
        return result
    }

    @Test(arguments: TestBackend.available)
    func changingThePasswordEndsEverySessionButKeepsAPIKeys(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let held = try await Self.hold(client, "eve")
            let other = try await Self.hold(client, "ana")
            #expect(
                try await Self.statuses(client, held) == ["access": 200, "cookie": 200, "key": 200, "refresh": 200])

            // A wrong current password changes nothing.
            let body = #"{"current_password": "wrong-password", "new_password": "brand-new-pass"}"#
            let wrong = try await client.send(.post, "/api/v1/auth/password", body: body, headers: held.access)
            #expect(wrong.status == .badRequest, "\(wrong)")
            #expect(wrong.json["message"] as? String == "The current password is not correct")
            // Nor can an API key change it.
            let right = #"{"current_password": "password-123", "new_password": "brand-new-pass"}"#
            let byKey = try await client.send(.post, "/api/v1/auth/password", body: right, headers: held.key)
            #expect(byKey.status == .unauthorized, "\(byKey)")

            // MUT
            let fresh = try await Self.hold(client, "eve2")
            let changed = try await client.send(.post, "/api/v1/auth/password", body: right, headers: fresh.access)
            #expect(changed.status == .ok, "\(changed)")
            #expect(changed.data["api_keys_kept"] as? Int == 1)

            // validate: every session of eve2 ends, the key stays; others are untouched
            let after = try await Self.statuses(client, fresh)
            #expect(after == ["access": 401, "cookie": 401, "key": 200, "refresh": 401], "\(after)")
            #expect(try await Self.statuses(client, other)["access"] == 200)
            let old = try await client.send(
                .post, "/api/auth/login", body: #"{"username": "eve2", "password": "password-123"}"#)
            #expect(old.status == .unauthorized)
            let new = try await client.send(
                .post, "/api/auth/login", body: #"{"username": "eve2", "password": "brand-new-pass"}"#)
            let token = try #require(new.json["access_token"] as? String)
            #expect(try await client.send(.get, "/api/v1/auth/me", headers: bearer(token)).status == .ok)
        }
    }

    @Test(arguments: TestBackend.available)
    func logoutRevokesTheRefreshFamilyAndAReusedRefreshTokenRevokesItsChain(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            // Logout, then the refresh token of the same login is refused.
            let held = try await Self.hold(client, "eve")
            let loggedOut = try await client.send(.post, "/api/auth/logout", headers: held.access)
            #expect(loggedOut.status == .ok, "\(loggedOut)")
            let afterLogout = try await client.send(
                .post, "/api/auth/refresh", body: #"{"refresh_token": "\#(held.refresh)"}"#)
            #expect(afterLogout.status == .unauthorized, "\(afterLogout)")

            // Rotation: R1 → R2 (with A2). R1 offered again: refused, and R2 and A2 die with it.
            let login = try await client.send(
                .post, "/api/auth/login", body: #"{"username": "eve", "password": "password-123"}"#)
            let first = try #require(login.json["refresh_token"] as? String)
            let rotated = try await client.send(.post, "/api/auth/refresh", body: #"{"refresh_token": "\#(first)"}"#)
            let second = try #require(rotated.json["refresh_token"] as? String)
            let secondAccess = bearer(try #require(rotated.json["access_token"] as? String))
            #expect(try await client.send(.get, "/api/v1/auth/me", headers: secondAccess).status == .ok)
            let reused = try await client.send(.post, "/api/auth/refresh", body: #"{"refresh_token": "\#(first)"}"#)
            #expect(reused.status == .unauthorized)
            #expect(try await client.send(.get, "/api/v1/auth/me", headers: secondAccess).status == .unauthorized)
            let chain = try await client.send(.post, "/api/auth/refresh", body: #"{"refresh_token": "\#(second)"}"#)
            #expect(chain.status == .unauthorized, "\(chain)")
            // Another login of the same user is another family, untouched.
            let elsewhere = try await client.send(
                .post, "/api/auth/login", body: #"{"username": "eve", "password": "password-123"}"#)
            let third = try #require(elsewhere.json["refresh_token"] as? String)
            #expect(
                try await client.send(.post, "/api/auth/refresh", body: #"{"refresh_token": "\#(third)"}"#).status
                    == .ok)
        }
    }

    @Test(arguments: TestBackend.available)
    func anAdminDisablingAnAccountRefusesEveryCredentialAtOnce(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let admin = bearer(try await client.accessToken("root"))
            let held = try await Self.hold(client, "eve")
            let byUser = try await client.send(
                .put, "/api/admin/users/root/active", body: #"{"active": false}"#, headers: held.access)
            #expect(byUser.status == .forbidden)
            // Not their own account: the only admin would lock the administration out.
            let own = try await client.send(
                .put, "/api/admin/users/root/active", body: #"{"active": false}"#, headers: admin)
            #expect(own.status == .conflict && own.body.contains("OWN_ACCOUNT"), "\(own)")
            #expect(try await client.send(.get, "/api/admin/users", headers: admin).status == .ok)
            // Enabling an account that is active changes nothing: its sessions go on.
            #expect(
                try await client.send(.put, "/api/admin/users/root/active", body: #"{"active": true}"#, headers: admin)
                    .status == .ok)
            #expect(try await client.send(.get, "/api/admin/users", headers: admin).status == .ok)
            #expect(
                try await client.send(.put, "/api/admin/users/eve/active", body: #"{"active": true}"#, headers: admin)
                    .status == .ok)
            #expect(
                try await Self.statuses(client, held) == ["access": 200, "cookie": 200, "key": 200, "refresh": 200])

            // MUT
            let disabled = try await client.send(
                .put, "/api/admin/users/eve/active", body: #"{"active": false}"#, headers: admin)
            #expect(disabled.status == .ok, "\(disabled)")
            #expect(disabled.data["is_active"] as? Bool == false)

            // validate
            let after = try await Self.statuses(client, held)
            #expect(after == ["access": 401, "cookie": 401, "key": 401, "refresh": 401], "\(after)")
            let login = try await client.send(
                .post, "/api/auth/login", body: #"{"username": "eve", "password": "password-123"}"#)
            #expect(login.status == .unauthorized)

            // Enabled again: the key works, the old sessions stay ended, a new login works.
            let enabled = try await client.send(
                .put, "/api/v1/admin/users/eve/active", body: #"{"active": true}"#, headers: admin)
            #expect(enabled.status == .ok)
            let again = try await Self.statuses(client, held)
            #expect(again == ["access": 401, "cookie": 401, "key": 200, "refresh": 401], "\(again)")
            let relogin = try await client.send(
                .post, "/api/auth/login", body: #"{"username": "eve", "password": "password-123"}"#)
            #expect(relogin.status == .ok)
        }
    }

    /// The attack as reported: `pomod user reset-password` on a running server.
    @Test(arguments: TestBackend.available)
    func resetPasswordFromTheCommandLineEndsTheRunningServersSessions(_ backend: TestBackend) async throws {
        var env = [
            "POMO_DATA_DIR": try TestDatabases.temporaryDirectory(), "POMO_BCRYPT_COST": "4", "POMO_DATABASE_URL": "",
        ]
        if backend == .postgres { env["POMO_DATABASE_URL"] = try await TestDatabases.createPostgresDatabase() }
        let server = try await ServerProcess(env: env)
        let base = "http://127.0.0.1:\(server.port)"
        func call(_ method: String, _ path: String, _ body: String? = nil, _ headers: [String: String] = [:])
            async throws -> (Int, [String: Any], String?)
        {
            var request = URLRequest(url: URL(string: base + path)!)
            request.httpMethod = method
            for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
            if let body {
                request.httpBody = Data(body.utf8)
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            }
            let (data, response) = try await URLSession.shared.data(for: request)
            let http = response as! HTTPURLResponse
            let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            return (http.statusCode, json, http.value(forHTTPHeaderField: "Set-Cookie"))
        }
        _ = try await call(
            "POST", "/api/auth/register", #"{"username":"root","email":"r@example.com","password":"password-123"}"#)
        let (_, eve, _) = try await call(
            "POST", "/api/auth/register", #"{"username":"eve","email":"e@example.com","password":"password-123"}"#)
        let access = ["Authorization": "Bearer \(eve["access_token"] as! String)"]
        let (_, _, setCookie) = try await call(
            "POST", "/api/auth/session", #"{"username":"eve","password":"password-123"}"#)
        let cookie = ["Cookie": String(setCookie!.split(separator: ";")[0])]
        let (_, key, _) = try await call("POST", "/api/v1/auth/api-keys", #"{"name":"k"}"#, access)
        let keyHeader = ["Authorization": "ApiKey \((key["data"] as! [String: Any])["token"] as! String)"]
        #expect(try await call("GET", "/api/v1/auth/me", nil, cookie).0 == 200)

        // MUT
        let reset = try await runBinary(
            "pomod", ["user", "reset-password", "eve"], stdin: "second-password\n", env: env)
        #expect(reset.status == 0, "\(reset.stderr)")
        #expect(reset.stdout.contains("every session and token of the account is ended"))
        #expect(reset.stdout.contains("1 API key of eve still work"), "\(reset.stdout)")

        // validate
        #expect(try await call("GET", "/api/v1/auth/me", nil, access).0 == 401)
        #expect(try await call("GET", "/api/v1/auth/me", nil, cookie).0 == 401)
        let refresh = #"{"refresh_token":"\#(eve["refresh_token"] as! String)"}"#
        #expect(try await call("POST", "/api/auth/refresh", refresh).0 == 401)
        #expect(try await call("GET", "/api/v1/auth/me", nil, keyHeader).0 == 200)

        let disable = try await runBinary("pomod", ["user", "disable", "eve"], env: env)
        #expect(disable.status == 0, "\(disable.stderr)")
        #expect(try await call("GET", "/api/v1/auth/me", nil, keyHeader).0 == 401)
        let login = #"{"username":"eve","password":"second-password"}"#
        #expect(try await call("POST", "/api/auth/login", login).0 == 401)
        #expect(try await server.stop() == 0)
    }
}
