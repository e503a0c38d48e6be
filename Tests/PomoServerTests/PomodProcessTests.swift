import Foundation
import PomoTestSupport
import Testing

/// The `pomod` executable as an operator runs it.
@Suite struct PomodProcessTests {
    /// Environment for a pomod on a fresh database of `backend`.
    func environment(_ backend: TestBackend) async throws -> [String: String] {
        var env = [
            "POMO_DATA_DIR": try TestDatabases.temporaryDirectory(), "POMO_BCRYPT_COST": "4", "POMO_DATABASE_URL": "",
        ]
        if backend == .postgres { env["POMO_DATABASE_URL"] = try await TestDatabases.createPostgresDatabase() }
        return env
    }

    @Test(arguments: TestBackend.available)
    func userCommandsManageAccountsInTheDatabase(_ backend: TestBackend) async throws {
        let env = try await environment(backend)
        let created = try await runBinary(
            "pomod", ["user", "create", "--username", "ana", "--email", "ana@example.com"], stdin: "first-password\n",
            env: env)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("created user ana"))
        #expect(created.stdout.contains("admin"))

        let subscription = try await runBinary("pomod", ["user", "subscription", "ana", "none"], env: env)
        #expect(subscription.stdout.contains("ana: subscription none"), "\(subscription.stderr)")
        let reset = try await runBinary(
            "pomod", ["user", "reset-password", "ana"], stdin: "second-password\n", env: env)
        #expect(reset.status == 0, "\(reset.stderr)")
        let list = try await runBinary("pomod", ["user", "list"], env: env)
        #expect(list.stdout.contains("ana\tana@example.com\tadmin\tsubscription: none"))

        let duplicate = try await runBinary(
            "pomod", ["user", "create", "--username", "ana", "--email", "x@example.com", "--password", "long-enough"],
            env: env)
        #expect(duplicate.status != 0)
        #expect(duplicate.stderr.contains("Username already exists"))
        let weak = try await runBinary("pomod", ["user", "reset-password", "ana", "--password", "short"], env: env)
        #expect(weak.status != 0)

        // The new password is the one that works.
        let server = try await ServerProcess(env: env)
        if backend == .sqlite {
            // The database and its companions are the owner's alone.
            for suffix in ["", "-wal", "-shm"] {
                let path = env["POMO_DATA_DIR"]! + "/pomo.sqlite" + suffix
                let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
                #expect(mode == 0o600, "\(path): \(String(mode ?? 0, radix: 8))")
            }
        }
        let url = "http://127.0.0.1:\(server.port)"
        let configDir = ["POMO_CONFIG_DIR": try TestDatabases.temporaryDirectory()]
        let old = try await runBinary(
            "pomo", ["login", "--url", url, "--username", "ana"], stdin: "first-password\n", env: configDir)
        #expect(old.status != 0)
        let new = try await runBinary(
            "pomo", ["login", "--url", url, "--username", "ana"], stdin: "second-password\n", env: configDir)
        #expect(new.status == 0, "\(new.stderr)")
        #expect(try await server.stop() == 0)
    }

    @Test func aBadSettingStopsTheStartAndNamesTheVariable() async throws {
        let result = try await runBinary(
            "pomod", ["serve"], env: ["POMO_PORT": "eighty", "POMO_DATA_DIR": try TestDatabases.temporaryDirectory()])
        #expect(result.status != 0)
        #expect(result.stderr.contains("POMO_PORT=eighty is not valid"))
    }

    @Test(arguments: ["SIGTERM", "SIGINT"])
    func theServerShutsDownGracefullyOnASignal(_ name: String) async throws {
        let server = try await ServerProcess(env: try await environment(.sqlite))
        let (data, response) = try await URLSession.shared.data(
            from: URL(string: "http://127.0.0.1:\(server.port)/api/health")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self).contains(#""status":"ok""#))
        let status = try await server.stop(signal: name == "SIGTERM" ? SIGTERM : SIGINT)
        #expect(status == 0, "\(server.log)")
    }
}

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
