import Foundation
import HummingbirdTesting
import PomoClient
import PomoCore
import PomoTestSupport
import PomoWire
import Testing

/// PomoClient and the `pomo` binary against a live server on 127.0.0.1.
@Suite struct ClientTests {
    @Test(arguments: TestBackend.available)
    func theClientLogsInAndReadsMe(_ backend: TestBackend) async throws {
        try await TestApp.run(backend, testing: .live) { client in
            _ = try await client.register("ana")
            let base = URL(string: "http://127.0.0.1:\(try #require(client.port))")!
            let login = try await PomoClient(baseURL: base).login(username: "ana", password: "password-123")
            #expect(login.user.username == "ana")
            let me = try await PomoClient(baseURL: base, token: login.accessToken).me()
            #expect(me.email == "ana@example.com")
            let error = await #expect(throws: PomoClientError.self) {
                try await PomoClient(baseURL: base).login(username: "ana", password: "wrong-password")
            }
            #expect(error == .server(status: 401, message: "Invalid credentials"))
        }
    }

    @Test func anUnreachableServerIsReportedAsSuch() async throws {
        let error = await #expect(throws: PomoClientError.self) {
            try await PomoClient(baseURL: URL(string: "http://127.0.0.1:1")!).me()
        }
        guard case .unreachable = error else {
            Issue.record("expected .unreachable, got \(String(describing: error))")
            return
        }
    }

    @Test func theCLILogsInRemembersTheTokenPrivatelyAndLogsOut() async throws {
        try await TestApp.run(.sqlite, testing: .live) { client in
            _ = try await client.register("ana")
            let url = "http://127.0.0.1:\(try #require(client.port))"
            let configDir = try TestDatabases.temporaryDirectory()
            let env = ["POMO_CONFIG_DIR": configDir]

            let loginArgs = ["login", "--url", url, "--username", "ana"]
            let bad = try await runBinary("pomo", loginArgs, stdin: "wrong-password\n", env: env)
            #expect(bad.status != 0)
            #expect(bad.stderr.contains("Invalid credentials"))

            let login = try await runBinary("pomo", loginArgs, stdin: "password-123\n", env: env)
            #expect(login.status == 0, "\(login.stderr)")
            let attributes = try FileManager.default.attributesOfItem(atPath: configDir + "/config.json")
            let mode = attributes[.posixPermissions] as? Int
            #expect(mode == 0o600)

            let whoami = try await runBinary("pomo", ["whoami"], env: env)
            #expect(whoami.status == 0, "\(whoami.stderr)")
            #expect(whoami.stdout.hasPrefix("ana <ana@example.com>"))

            #expect(try await runBinary("pomo", ["logout"], env: env).status == 0)
            let after = try await runBinary("pomo", ["whoami"], env: env)
            #expect(after.status != 0)
            #expect(after.stderr.contains("not logged in"))
        }
    }
}
