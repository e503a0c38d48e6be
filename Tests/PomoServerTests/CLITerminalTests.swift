import Foundation
import HummingbirdTesting
import PomoCore
import PomoTestSupport
import Testing

/// `pomo start` in a real terminal: tmux runs it in a pane; the test reads the screen.
@Suite struct CLITerminalTests {
    static let tmux = ["/usr/bin/tmux", "/usr/local/bin/tmux"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// tmux on a socket of the test's own, so it never touches a user's sessions.
    struct Tmux {
        let socket = "pomo-test-\(UUID().uuidString.prefix(8))"

        @discardableResult
        func run(_ arguments: [String]) async throws -> String {
            let result = try await runExecutable(CLITerminalTests.tmux!, ["-L", socket] + arguments, env: [:])
            #expect(result.status == 0, "tmux \(arguments): \(result.stderr)")
            return result.stdout
        }

        /// Starts the session's server. The tmux server daemonises with every descriptor it
        /// inherits, Foundation's own child-watching ones included, and then `Process` never sees
        /// its child end: so Python starts it, with `close_fds` and /dev/null for the rest.
        func start(_ command: String) async throws {
            let argv = [
                CLITerminalTests.tmux!, "-L", socket, "new-session", "-d", "-s", "pomo", "-x", "80", "-y", "12",
                command,
            ]
            let json = String(decoding: try JSONEncoder().encode(argv), as: UTF8.self)
            let script =
                "import json, subprocess, sys; sys.exit(subprocess.run(json.loads(sys.argv[1]), close_fds=True,"
                + " stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode)"
            let result = try await runExecutable("/usr/bin/python3", ["-c", script, json], env: [:])
            #expect(result.status == 0, "tmux new-session failed: \(result.stderr)")
        }

        /// Ends the tmux server; it does not always exit on `kill-server` alone here.
        func stop() async {
            let pid = (try? await run(["display", "-p", "#{pid}"]))?.trimmingCharacters(in: .whitespacesAndNewlines)
            _ = try? await runExecutable(CLITerminalTests.tmux!, ["-L", socket, "kill-server"], env: [:])
            if let pid = pid.flatMap(Int32.init) { kill(pid, SIGKILL) }
            try? FileManager.default.removeItem(atPath: "/tmp/tmux-\(getuid())/\(socket)")
        }

        func screen() async throws -> [String] {
            try await run(["capture-pane", "-p", "-t", "pomo"]).split(separator: "\n").map(String.init)
        }

        /// Waits (up to 10 s) for the screen to show `text`.
        func waitFor(_ text: String) async throws -> [String] {
            for _ in 0..<100 {
                let lines = try await screen()
                if lines.contains(where: { $0.contains(text) }) { return lines }
                try await Task.sleep(for: .milliseconds(100))
            }
            return try await screen()
        }
    }

    @Test(.enabled(if: tmux != nil, "tmux is installed by scripts/test.sh"))
    func theCountdownRedrawsInPlaceAndCtrlCCanKeepTheSession() async throws {
        try await TestApp.run(.sqlite, testing: .live) { client in
            let (env, _) = try await CLITests.login(client)
            let pomo = try binaryURL("pomo").path
            let tmux = Tmux()
            try await tmux.start(
                "env POMO_CONFIG_DIR=\(env["POMO_CONFIG_DIR"]!) POMO_URL= POMO_TOKEN= \(pomo) start --minutes 2 --project Site; sleep 60"
            )
            do {
                // MUT: the countdown runs for a while
                let first = try await tmux.waitFor("Focus · Doing · Site")
                try await Task.sleep(for: .milliseconds(2200))
                let later = try await tmux.screen()

                // validate: one line, rewritten in place, with a bar that fills the width
                let countdown = { (lines: [String]) in lines.filter { $0.contains("Focus · Doing · Site") } }
                #expect(countdown(first).count == 1, "\(first)")
                #expect(countdown(later).count == 1, "\(later)")
                let line = try #require(countdown(later).first)
                #expect(line.contains("[█") || line.contains("[░"), "\(line)")
                #expect(line.hasSuffix("%"))
                #expect(countdown(first) != countdown(later), "the time left should have changed")

                try await tmux.run(["send-keys", "-t", "pomo", "C-c"])
                _ = try await tmux.waitFor("[k] keep it running")
                try await tmux.run(["send-keys", "-t", "pomo", "k", "Enter"])
                let kept = try await tmux.waitFor("keeps running on the server")
                #expect(kept.contains { $0.contains("keeps running on the server") }, "\(kept)")
                let status = try await runBinary("pomo", ["status"], env: env)
                #expect(status.stdout.contains("left"), "\(status.stdout)")
            } catch {
                await tmux.stop()
                throw error
            }
            await tmux.stop()
        }
    }

    /// After "keep it running", `pomo status --follow` printed one line per change and no
    /// countdown; now it brings the live countdown back and ends it when the session ends
    /// elsewhere.
    @Test(.enabled(if: tmux != nil, "tmux is installed by scripts/test.sh"))
    func statusFollowBringsBackTheLiveCountdown() async throws {
        try await TestApp.run(.sqlite, testing: .live) { client in
            let (env, _) = try await CLITests.login(client)
            let started = try await runBinary(
                "pomo", ["start", "--minutes", "2", "--project", "Site", "--detach"], env: env)
            #expect(started.status == 0, "\(started.stderr)")
            let pomo = try binaryURL("pomo").path
            let tmux = Tmux()
            try await tmux.start(
                "env POMO_CONFIG_DIR=\(env["POMO_CONFIG_DIR"]!) POMO_URL= POMO_TOKEN= \(pomo) status --follow; sleep 60"
            )
            do {
                // MUT: follow the session for a while, then cancel it from another client
                let first = try await tmux.waitFor("%")
                try await Task.sleep(for: .milliseconds(2200))
                let later = try await tmux.screen()
                let cancel = try await runBinary("pomo", ["cancel", "--note", "stopped elsewhere"], env: env)
                #expect(cancel.status == 0, "\(cancel.stderr)")
                let ended = try await tmux.waitFor("no active session")

                // validate: one countdown line, redrawn in place, then the change on a line of its own
                let countdown = { (lines: [String]) in lines.filter { $0.hasSuffix("%") } }
                #expect(countdown(first).count == 1, "\(first)")
                #expect(countdown(later).count == 1, "\(later)")
                #expect(countdown(first) != countdown(later), "the time left should have changed: \(later)")
                #expect(countdown(later).first?.contains("Focus · Doing · Site") == true, "\(later)")
                #expect(ended.contains { $0.hasPrefix("no active session") }, "\(ended)")
                #expect(countdown(ended).isEmpty, "the countdown should have ended: \(ended)")
            } catch {
                await tmux.stop()
                throw error
            }
            await tmux.stop()
        }
    }

    /// `pomo login` echoed the password in clear and showed no prompt; now it asks, and what is
    /// typed never reaches the screen.
    @Test(.enabled(if: tmux != nil, "tmux is installed by scripts/test.sh"))
    func loginAsksForThePasswordWithoutEcho() async throws {
        try await TestApp.run(.sqlite, testing: .live) { client in
            _ = try await client.register("ana")
            let config = try TestDatabases.temporaryDirectory()
            let pomo = try binaryURL("pomo").path
            let tmux = Tmux()
            try await tmux.start(
                "env POMO_CONFIG_DIR=\(config) POMO_URL= POMO_TOKEN= \(pomo) login --url http://127.0.0.1:\(client.port!) --username ana; sleep 60"
            )
            do {
                // MUT: the prompt, then the password typed at it
                _ = try await tmux.waitFor("Password for ana:")
                try await tmux.run(["send-keys", "-t", "pomo", "password-123", "Enter"])
                let screen = try await tmux.waitFor("logged in to")

                // validate: logged in, and the password is nowhere on the screen
                #expect(!screen.contains { $0.contains("password-123") }, "\(screen)")
                let status = try await runBinary("pomo", ["status"], env: ["POMO_CONFIG_DIR": config])
                #expect(status.status == 0, "\(status.stderr)")
            } catch {
                await tmux.stop()
                throw error
            }
            await tmux.stop()
        }
    }
}
