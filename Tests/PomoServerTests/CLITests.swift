import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoClient
import PomoCore
import PomoTestSupport
import PomoWire
import Testing

/// The `pomo` binary against an in-process server on a real loopback port.
@Suite struct CLITests {
    /// A logged-in `pomo` for a fresh user: its environment (config directory) and the server URL.
    static func login(_ client: any TestClientProtocol, _ username: String = "ana") async throws
        -> (env: [String: String], url: String)
    {
        _ = try await client.register(username)
        let url = "http://127.0.0.1:\(try #require(client.port))"
        let env = ["POMO_CONFIG_DIR": try TestDatabases.temporaryDirectory(), "POMO_URL": "", "POMO_TOKEN": ""]
        let login = try await runBinary(
            "pomo", ["login", "--url", url, "--username", username], stdin: "password-123\n", env: env)
        #expect(login.status == 0, "\(login.stderr)")
        return (env, url)
    }

    @Test func startDetachedThenCompleteSubmitsTheSessionWithItsScore() async throws {
        // The server's clock starts 25 minutes behind the wall clock, so the session can be
        // completed at its planned length without the test waiting for it.
        let clock = ManualClock(Date().addingTimeInterval(-1500))
        try await TestApp.run(.sqlite, clock: clock, testing: .live) { client in
            let (env, _) = try await Self.login(client)
            let started = try await runBinary(
                "pomo", ["start", "--detach", "--minutes", "25", "--category", "Study", "--project", "Thesis"], env: env
            )
            #expect(started.status == 0, "\(started.stderr)")
            #expect(started.stdout.contains("started Focus · Study · Thesis, 25m"))
            let status = try await runBinary("pomo", ["status"], env: env)
            #expect(status.stdout.contains("Focus · Study · Thesis"), "\(status.stdout)")
            let focusing = try await runBinary("pomo", ["focusing"], env: env)
            #expect(
                focusing.stdout.hasPrefix("1 person is focusing right now\n  ana: Study, until "), "\(focusing.stdout)")
            let twice = try await runBinary("pomo", ["start", "--detach"], env: env)
            #expect(twice.status != 0)
            #expect(twice.stderr.contains("already running"))

            clock.advance(by: 1500)
            let completed = try await runBinary("pomo", ["complete", "--note", "chapter two"], env: env)
            #expect(completed.status == 0, "\(completed.stderr)")
            // 25 minutes, or a little more when a loaded machine was slow to get here.
            #expect(completed.stdout.hasPrefix("logged 2"), "\(completed.stdout)")
            #expect(completed.stdout.contains("m on Thesis (Study): POF"), "\(completed.stdout)")
            #expect(completed.stdout.hasSuffix(" points\n"))
            #expect(try await runBinary("pomo", ["status"], env: env).stdout.contains("no active session"))
            let report = try await runBinary("pomo", ["report", "--by", "project", "--format", "csv"], env: env)
            #expect(report.stdout.hasPrefix("project,sessions,minutes,points\nThesis,1,"), "\(report.stdout)")
        }
    }

    /// A session nobody ended holds the timer for its grace period, then waits: `pomo status`
    /// says so, a new start is not refused, `pomo complete` submits it, `pomo cancel` discards it.
    @Test func aSessionNobodyEndedWaitsToBeSubmittedOrDiscarded() async throws {
        let clock = ManualClock(Date().addingTimeInterval(-3 * 3600))
        try await TestApp.run(.sqlite, clock: clock, testing: .live) { client in
            let (env, _) = try await Self.login(client)
            #expect(try await runBinary("pomo", ["start", "--detach", "--minutes", "25"], env: env).status == 0)
            clock.advance(by: 3600)
            let status = try await runBinary("pomo", ["status"], env: env)
            #expect(
                status.stdout.contains("no active session; the work session from ")
                    && status.stdout.contains("(25m) is waiting: 'pomo complete' submits it"), "\(status)")
            let submitted = try await runBinary("pomo", ["complete", "--note", "the intro"], env: env)
            #expect(submitted.status == 0, "\(submitted)")
            #expect(
                submitted.stdout.hasPrefix("submitting the work session from ")
                    && submitted.stdout.contains("logged 25m on "), "\(submitted)")

            #expect(try await runBinary("pomo", ["start", "--detach", "--minutes", "25"], env: env).status == 0)
            clock.advance(by: 3600)
            let next = try await runBinary("pomo", ["start", "--detach", "--minutes", "25"], env: env)
            #expect(next.status == 0, "a session nobody ended blocked the next: \(next)")
            _ = try await runBinary("pomo", ["cancel"], env: env)  // the new one, running
            let discarded = try await runBinary("pomo", ["cancel"], env: env)
            #expect(
                discarded.status == 0 && discarded.stdout.hasPrefix("discarded the work session from "), "\(discarded)")
            #expect(try await runBinary("pomo", ["status"], env: env).stdout == "no active session\n")
        }
    }

    /// One clock and one set of defaults: the CLI shows times in the profile's zone whatever the
    /// machine's, and plans the preferred length and the core's default category.
    @Test func theCLIUsesTheProfilesZoneAndDefaults() async throws {
        try await TestApp.run(.sqlite, testing: .live) { client in
            var (env, _) = try await Self.login(client)
            env["TZ"] = "UTC"
            let login = try await client.send(
                .post, "/api/auth/login", body: #"{"username": "ana", "password": "password-123"}"#)
            let auth = bearer(try #require(login.json["access_token"] as? String))
            let prefs = try await client.send(
                .put, "/api/user/preferences", body: #"{"timezone": "Asia/Kolkata", "default_duration": 30}"#,
                headers: auth)
            #expect(prefs.status == .ok, "\(prefs)")
            let project = try await client.send(
                .post, "/api/projects", body: #"{"project": {"name": "Site"}}"#, headers: auth)
            let projectId = try #require(project.json["uuid"] as? String)
            let task = try await client.send(
                .post, "/api/projects/\(projectId)/tasks", body: #"{"task": {"name": "Copy"}}"#, headers: auth)
            let taskId = try #require(task.json["uuid"] as? String)
            _ = try await client.send(
                .post, "/api/time_entries",
                body:
                    #"{"time_entry": {"begin_time": "2026-03-02T09:00:00Z", "duration": 1800, "comment": "c", "resource_type": "task", "resource_id": "\#(taskId)"}}"#,
                headers: auth)

            let started = try await runBinary("pomo", ["start", "--detach"], env: env)
            #expect(started.stdout.hasPrefix("started Focus · Doing · General, 30m, ends "), "\(started)")
            let entries = try await runBinary("pomo", ["entries"], env: env)
            #expect(entries.stdout.contains("begin (Asia/Kolkata)"), "\(entries)")
            #expect(entries.stdout.contains("\n2026-03-02 14:30      15:00  30m       Task: Copy  c\n"), "\(entries)")
        }
    }

    @Test func cancelRecordsTheReasonAndPartialCredit() async throws {
        let clock = ManualClock(Date().addingTimeInterval(-600))
        try await TestApp.run(.sqlite, clock: clock, testing: .live) { client in
            let (env, _) = try await Self.login(client)
            _ = try await runBinary("pomo", ["start", "--detach"], env: env)
            clock.advance(by: 600)
            let cancelled = try await runBinary("pomo", ["cancel", "--reason", "interruption"], env: env)
            #expect(cancelled.status == 0, "\(cancelled.stderr)")
            #expect(cancelled.stdout.contains("(Interrupted): partial POF"), "\(cancelled.stdout)")
            let none = try await runBinary("pomo", ["cancel"], env: env)
            #expect(none.status != 0)
            #expect(none.stderr.contains("no active session"))
        }
    }

    @Test func reportsComeInThreeFormats() async throws {
        try await TestApp.run(.sqlite, testing: .live) { client in
            let (env, _) = try await Self.login(client)
            // The session ends 35 minutes ago; in a zone where it is about noon now, that is
            // today whatever the hour of the run (in UTC it was yesterday in the first hour).
            let hour = Calendar(identifier: .gregorian).dateComponents(in: .gmt, from: Date()).hour ?? 12
            let offset = 12 - hour
            let zone = offset == 0 ? "UTC" : "Etc/GMT\(offset > 0 ? "-" : "+")\(abs(offset))"
            let login = try await client.send(
                .post, "/api/auth/login", body: #"{"username": "ana", "password": "password-123"}"#)
            let token = try #require(login.json["access_token"] as? String)
            let zoned = try await client.send(
                .put, "/api/user/preferences", body: #"{"timezone": "\#(zone)"}"#,
                headers: [.authorization: "Bearer \(token)"])
            #expect(zoned.status == .ok, "\(zoned.body)")
            let today = LocalDate.string(for: Date(), timezone: zone)
            let start = Timestamp.format(Date().addingTimeInterval(-3600))
            let end = Timestamp.format(Date().addingTimeInterval(-3600 + 1500))
            let logged = try await runBinary(
                "pomo", ["log", "--start", start, "--end", end, "--category", "Work", "--project", "Site"], env: env)
            #expect(logged.stdout.contains("logged 25m on Site"), "\(logged.stdout) \(logged.stderr)")
            let table = try await runBinary("pomo", ["report", "--by", "category"], env: env)
            #expect(table.stdout.contains("Work      1         25m   1.0"), "\(table.stdout)")
            let json = try await runBinary("pomo", ["report", "--format", "json"], env: env)
            let report = try JSONDecoder().decode(ReportDTO.self, from: Data(json.stdout.utf8))
            #expect(report.rows == [ReportRow(key: today, sessions: 1, minutes: 25, points: 1)])
            let week = try await runBinary("pomo", ["week"], env: env)
            #expect(week.stdout.contains("total      25m in 1 session"), "\(week.stdout)")
            #expect(try await runBinary("pomo", ["today"], env: env).stdout.contains("Work: 25m"))
            #expect(try await runBinary("pomo", ["projects"], env: env).stdout.contains("Site"))
        }
    }

    @Test func anOfflineSessionIsQueuedAndReplayedExactlyOnce() async throws {
        try await TestApp.run(.sqlite, testing: .live) { client in
            let (env, url) = try await Self.login(client)
            let start = Timestamp.format(Date().addingTimeInterval(-3600))
            let end = Timestamp.format(Date().addingTimeInterval(-3600 + 1500))
            let offline = env.merging(["POMO_URL": "http://127.0.0.1:1"]) { $1 }
            // MUT: log while the server cannot be reached
            let logged = try await runBinary(
                "pomo", ["log", "--start", start, "--end", end, "--category", "Work"], env: offline)
            #expect(logged.status == 0, "\(logged.stderr)")
            #expect(logged.stderr.contains("session saved"))
            let queueDir = URL(fileURLWithPath: env["POMO_CONFIG_DIR"]! + "/queue")
            let queued = try FileManager.default.contentsOfDirectory(atPath: queueDir.path)
            #expect(queued.count == 1)
            let file = queueDir.appendingPathComponent(queued[0])
            let saved = try Data(contentsOf: file)

            let first = try await runBinary("pomo", ["sync"], env: env.merging(["POMO_URL": url]) { $1 })
            #expect(first.stdout.contains("sent 1 of 1"), "\(first.stdout) \(first.stderr)")
            // As if the first replay's answer had been lost: the same session is queued again.
            try saved.write(to: file)
            let second = try await runBinary("pomo", ["status"], env: env)
            #expect(second.stderr.contains("sent 1 queued session"), "\(second.stderr)")
            #expect(try await runBinary("pomo", ["sync"], env: env).stdout.contains("nothing to send"))

            // validate: exactly one session on the server
            let token = try #require(ClientConfig.load(environment: env)?.token)
            let history = try await client.send(.get, "/api/v1/pomodoro/history", headers: bearer(token))
            #expect((history.data["items"] as? [Any])?.count == 1, "\(history)")
        }
    }

    @Test func badTokensAndUnreachableServersAreOneClearLine() async throws {
        try await TestApp.run(.sqlite, testing: .live) { client in
            let (env, _) = try await Self.login(client)
            let badToken = try await runBinary("pomo", ["status"], env: env.merging(["POMO_TOKEN": "nope"]) { $1 })
            #expect(badToken.status != 0)
            #expect(badToken.stderr.contains("pomo login"), "\(badToken.stderr)")
            #expect(badToken.stderr.split(separator: "\n").count == 1)
            // A wrong password at login is said as such, not "run 'pomo login' again".
            let url = "http://127.0.0.1:\(try #require(client.port))"
            let wrong = try await runBinary(
                "pomo", ["login", "--url", url, "--username", "ana"], stdin: "not-the-password\n", env: env)
            #expect(wrong.status != 0)
            #expect(
                wrong.stderr.contains("check the username and password") && !wrong.stderr.contains("again"),
                "\(wrong.stderr)")
            let away = try await runBinary(
                "pomo", ["today"], env: env.merging(["POMO_URL": "http://127.0.0.1:1"]) { $1 })
            #expect(away.status != 0)
            #expect(away.stderr.contains("cannot reach http://127.0.0.1:1"), "\(away.stderr)")
            let invalid = try await runBinary(
                "pomo", ["log", "--start", "2025-10-01T09:00:00Z", "--end", "2025-10-01T09:00:30Z", "--category", "W"],
                env: env)
            #expect(invalid.status != 0)
            #expect(invalid.stderr.contains("400"), "\(invalid.stderr)")
        }
    }
}
