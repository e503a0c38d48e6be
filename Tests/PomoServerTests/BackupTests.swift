import Foundation
import PomoStore
import PomoTestSupport
import SQLKit
import Synchronization
import Testing

/// `pomod backup` under write load and `pomod restore` into a new data directory: every write
/// acknowledged before the backup began is in the restored database.
@Suite struct BackupTests {
    @Test func aBackupTakenUnderLoadRestoresEveryWriteAcknowledgedBeforeIt() async throws {
        let env = [
            "POMO_DATA_DIR": try TestDatabases.temporaryDirectory(), "POMO_BCRYPT_COST": "4", "POMO_DATABASE_URL": "",
            "POMO_TIMEMAGIC_RATE_LIMIT": "100000",
        ]
        let server = try await ServerProcess(env: env)
        let http = CrashSafetyTests.HTTP(base: "http://127.0.0.1:\(server.port)")
        let (jwt, key) = try await CrashSafetyTests.account(http)
        let acked = CrashSafetyTests.Acknowledged()
        let stop = CrashSafetyTests.Stop()
        let file = try TestDatabases.temporaryDirectory() + "/pomo-backup.sqlite"

        async let writers: Void = CrashSafetyTests.load(http, jwt: jwt, key: key, acked: acked, stop: stop)
        try await Task.sleep(for: .milliseconds(800))
        let before = (
            acked.submits.withLock { $0 }, acked.entries.withLock { $0 }, acked.completed.withLock { $0 }
        )
        let backup = try await runBinary("pomod", ["backup", file], env: env)
        try await Task.sleep(for: .milliseconds(300))
        stop.request()
        await writers
        #expect(backup.status == 0, "\(backup)")
        #expect(backup.stdout.contains("integrity check ok"), "\(backup)")
        #expect(before.0.count >= 3 && before.1.count >= 3, "\(before.0.count) \(before.1.count)")
        let again = try await runBinary("pomod", ["backup", file], env: env)
        #expect(again.status != 0 && again.stderr.contains("exists"), "\(again)")

        // Not while a server has the data directory open.
        let refused = try await runBinary("pomod", ["restore", file], env: env)
        #expect(refused.status != 0 && refused.stderr.contains("stop it"), "\(refused)")
        #expect(try await server.stop() == 0)

        var restoredEnv = env
        restoredEnv["POMO_DATA_DIR"] = try TestDatabases.temporaryDirectory()
        let garbage = restoredEnv["POMO_DATA_DIR"]! + "/garbage.sqlite"
        try Data(repeating: 7, count: 10_000).write(to: URL(fileURLWithPath: garbage))
        let bad = try await runBinary("pomod", ["restore", garbage], env: restoredEnv)
        #expect(bad.status != 0, "\(bad)")
        let restored = try await runBinary("pomod", ["restore", file], env: restoredEnv)
        #expect(restored.status == 0, "\(restored)")

        // The restored data directory serves, and holds every write acknowledged before the backup.
        let second = try await ServerProcess(env: restoredEnv)
        let login = await CrashSafetyTests.HTTP(base: "http://127.0.0.1:\(second.port)").send(
            "POST", "/api/auth/login", auth: "", body: #"{"username": "ana", "password": "password-123"}"#)
        #expect(login?.0 == 200)
        #expect(try await second.stop() == 0)
        let database = try await PomoDatabase.openSQLite(
            path: restoredEnv["POMO_DATA_DIR"]! + "/pomo.sqlite", logger: TestDatabases.logger)
        do {
            try await database.read { db in
                for uuid in before.0 {
                    let rows = try await db.raw("SELECT status FROM focus_sessions WHERE uuid = \(bind: uuid)").all()
                    #expect(rows.count == 1, "submit \(uuid)")
                }
                for uuid in before.1 {
                    #expect(
                        try await db.raw("SELECT id FROM time_entries WHERE uuid = \(bind: uuid)").all().count == 1,
                        "entry \(uuid)")
                }
                for id in before.2.compactMap(Int64.init) {
                    let row = try await db.raw("SELECT status FROM focus_sessions WHERE id = \(bind: id)").first()
                    #expect(try row?.decode(column: "status", as: String.self) == "completed", "pomodoro \(id)")
                }
            }
            #expect(try await FocusTotalsMaintenance.check(database) == [])
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }
}

/// What an operator sees when an older pomod meets a database a newer one has migrated.
@Suite struct SchemaVersionProcessTests {
    @Test func pomodSaysWhyItWillNotStartOnANewerSchema() async throws {
        let directory = try TestDatabases.temporaryDirectory()
        let env = ["POMO_DATA_DIR": directory, "POMO_DATABASE_URL": ""]
        let first = try await runBinary("pomod", ["migrate"], env: env)
        #expect(first.status == 0, "\(first.stderr)")
        let database = try await PomoDatabase.openSQLite(path: directory + "/pomo.sqlite", logger: TestDatabases.logger)
        try await database.write { db in
            try await db.raw("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)")
                .run()
        }
        await database.close()

        // MUT
        let refused = try await runBinary("pomod", ["migrate"], env: env)

        // validate
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("schema is version 999, newer than this pomod knows"), "\(refused.stderr)")
    }
}

@Suite struct ServerProcessTests {
    /// A server a test let go of without `stop` (it threw first) is stopped, not left listening.
    @Test func aServerLetGoOfIsStopped() async throws {
        var pid: Int32 = 0
        do {
            let server = try await ServerProcess(env: [
                "POMO_DATA_DIR": try TestDatabases.temporaryDirectory(), "POMO_DATABASE_URL": "",
            ])
            pid = server.process.processIdentifier
        }
        #expect(pid > 0)
        // Gone, or a zombie waiting to be reaped: either way no longer serving.
        var state = "R"
        for _ in 0..<50 {
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            state =
                stat.split(separator: ")").last.map { String($0.trimmingCharacters(in: .whitespaces).prefix(1)) } ?? ""
            if state.isEmpty || state == "Z" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(state.isEmpty || state == "Z", "pomod \(pid) is still running (state \(state))")
        if !(state.isEmpty || state == "Z") { kill(pid, SIGKILL) }
    }
}
