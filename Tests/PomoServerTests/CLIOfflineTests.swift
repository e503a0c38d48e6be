import Foundation
import PomoClient
import PomoCore
import PomoTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `pomo start` when the server goes away: a planned session whose timer ends while the server is
/// down is queued whole (it used to be lost: the end asked the server for the plan first), and a
/// session started while the server is down runs its timer here and is queued too. Real pomod,
/// real terminal (tmux), one-minute sessions: this test takes a little over a minute.
@Suite struct CLIOfflineTests {
    typealias Tmux = CLITerminalTests.Tmux

    /// Waits up to `seconds` for the screen to show `text`.
    static func waitFor(_ text: String, in tmux: Tmux, seconds: Int) async throws -> [String] {
        for _ in 0..<(seconds * 5) {
            let lines = try await tmux.screen()
            if lines.contains(where: { $0.contains(text) }) { return lines }
            try await Task.sleep(for: .milliseconds(200))
        }
        return try await tmux.screen()
    }

    static func login(url: String, configDir: String, username: String = "ana") async throws -> [String: String] {
        let env = ["POMO_CONFIG_DIR": configDir, "POMO_URL": "", "POMO_TOKEN": ""]
        let login = try await runBinary(
            "pomo", ["login", "--url", url, "--username", username], stdin: "password-123\n", env: env)
        #expect(login.status == 0, "\(login.stderr)")
        return env
    }

    @Test(.enabled(if: CLITerminalTests.tmux != nil, "tmux is installed by scripts/test.sh"))
    func sessionsEndingOrStartingWhileTheServerIsDownAreQueuedAndSentLater() async throws {
        let serverEnv = [
            "POMO_DATA_DIR": try TestDatabases.temporaryDirectory(), "POMO_BCRYPT_COST": "4", "POMO_DATABASE_URL": "",
        ]
        let first = try await ServerProcess(env: serverEnv)
        let url = "http://127.0.0.1:\(first.port)"
        for name in ["ana", "ben"] {
            var register = URLRequest(url: URL(string: url + "/api/auth/register")!)
            register.httpMethod = "POST"
            register.setValue("application/json", forHTTPHeaderField: "Content-Type")
            register.httpBody = Data(
                #"{"username":"\#(name)","email":"\#(name)@example.com","password":"password-123"}"#.utf8)
            _ = try await URLSession.shared.data(for: register)
        }
        let planned = try await Self.login(url: url, configDir: try TestDatabases.temporaryDirectory())
        let local = try await Self.login(url: url, configDir: try TestDatabases.temporaryDirectory())
        let skipped = try await Self.login(
            url: url, configDir: try TestDatabases.temporaryDirectory(), username: "ben")
        let pomo = try binaryURL("pomo").path
        let command = { (env: [String: String], project: String) in
            "env POMO_CONFIG_DIR=\(env["POMO_CONFIG_DIR"]!) POMO_URL= POMO_TOKEN= \(pomo) start --minutes 1"
                + " --project \(project); sleep 120"
        }
        let onServer = Tmux()
        let offline = Tmux()
        let noNote = Tmux()
        do {
            // setup: a session planned on the server, then the server stops 3 s in
            try await onServer.start(command(planned, "Site"))
            _ = try await Self.waitFor("Focus · Doing · Site", in: onServer, seconds: 15)
            #expect(FileManager.default.fileExists(atPath: planned["POMO_CONFIG_DIR"]! + "/current.json"))
            try await Task.sleep(for: .seconds(3))
            #expect(try await first.stop() == 0)

            // MUT: two more sessions start with the server down; the timers run out; notes typed,
            // but Ben presses Ctrl-C at the prompt (it used to end the CLI and leave his session
            // unsent): the session is saved without a note.
            try await offline.start(command(local, "Garden"))
            try await noNote.start(command(skipped, "Shed"))
            let started = try await Self.waitFor("Focus · Doing · Garden", in: offline, seconds: 15)
            #expect(started.contains { $0.contains("the timer runs here") }, "\(started)")
            for (tmux, note) in [(onServer, "wrote the intro"), (offline, "weeded"), (noNote, "C-c")] {
                let prompt = try await Self.waitFor("What did you get done?", in: tmux, seconds: 75)
                #expect(prompt.contains { $0.contains("What did you get done?") }, "\(prompt)")
                try await tmux.run(["send-keys", "-t", "pomo", note] + (note == "C-c" ? [] : ["Enter"]))
                let saved = try await Self.waitFor("session saved", in: tmux, seconds: 15)
                #expect(saved.contains { $0.contains("session saved") }, "\(saved)")
            }

            // validate: both queued, sent once the server is back, the plan completed at its end
            let second = try await ServerProcess(env: serverEnv)
            let back = "http://127.0.0.1:\(second.port)"
            for env in [planned, local, skipped] {
                let queue = env["POMO_CONFIG_DIR"]! + "/queue"
                #expect(
                    try FileManager.default.contentsOfDirectory(atPath: queue).filter { $0.hasSuffix(".json") }.count
                        == 1)
                let sync = try await runBinary("pomo", ["sync"], env: env.merging(["POMO_URL": back]) { $1 })
                #expect(sync.stdout.contains("sent 1 of 1"), "\(sync.stdout) \(sync.stderr)")
            }
            let items = try await Self.history(back, planned)
            #expect(items.count == 2, "\(items)")
            #expect(items.allSatisfy { $0["status"] as? String == "completed" }, "\(items)")
            // The note prompt waited past the plan's end; that wait is not focus.
            for item in items {
                let start = try #require((item["started_at"] as? String).flatMap(Timestamp.parse))
                let end = try #require((item["actual_end_at"] as? String).flatMap(Timestamp.parse))
                #expect(end.timeIntervalSince(start) <= 60.5, "\(item)")
            }
            let bens = try await Self.history(back, skipped)
            #expect(bens.count == 1 && bens.first?["status"] as? String == "completed", "\(bens)")
            let active = try await runBinary("pomo", ["status"], env: planned.merging(["POMO_URL": back]) { $1 })
            #expect(active.stdout.contains("no active session"), "\(active.stdout)")
            #expect(try await second.stop() == 0)
        } catch {
            for tmux in [onServer, offline, noNote] { await tmux.stop() }
            throw error
        }
        for tmux in [onServer, offline, noNote] { await tmux.stop() }
    }

    /// The user's sessions as `/api/v1/pomodoro/history` lists them.
    static func history(_ url: String, _ env: [String: String]) async throws -> [[String: Any]] {
        let token = try #require(ClientConfig.load(environment: env)?.token)
        var history = URLRequest(url: URL(string: url + "/api/v1/pomodoro/history")!)
        history.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (data, _) = try await URLSession.shared.data(for: history)
        return try #require(
            ((try JSONSerialization.jsonObject(with: data)) as? [String: Any]).flatMap {
                ($0["data"] as? [String: Any])?["items"] as? [[String: Any]]
            })
    }
}
