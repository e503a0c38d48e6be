import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoClient
import PomoCore
import PomoServer
import PomoTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `pomo watch` and `pomo status --follow`: real `pomo` processes following the event stream of
/// an in-process server on a real loopback port, while other `pomo` commands change things.
@Suite struct CLIWatchTests {
    /// A long-running `pomo` whose output the test reads as it comes.
    final class Following: Sendable {
        let process: Process
        let output = OutputBuffer()

        init(_ arguments: [String], env: [String: String]) throws {
            process = Process()
            process.executableURL = try binaryURL("pomo")
            process.arguments = arguments
            process.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            pipe.fileHandleForReading.readabilityHandler = { [output] handle in
                let chunk = String(decoding: handle.availableData, as: UTF8.self)
                output.text.withLock { $0 += chunk }
            }
            try spawn(process)
        }

        var lines: [String] { output.text.withLock { $0 }.split(separator: "\n").map(String.init) }

        /// Waits (at most 10 s) for a line that `matches`.
        func waitFor(_ matches: (String) -> Bool) async throws -> String? {
            _ = try await CLIWatchTests.eventually { lines.contains(where: matches) }
            return lines.first(where: matches)
        }

        func stop() {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
    }

    @Test func watchPrintsEachChangeAsItHappens() async throws {
        let clock = ManualClock(Date().addingTimeInterval(-1500))
        try await TestApp.run(.sqlite, clock: clock, testing: .live) { client in
            let (env, _) = try await CLITests.login(client)
            let json = try Following(["watch", "--json"], env: env)
            let text = try Following(["watch"], env: env)
            defer {
                json.stop()
                text.stop()
            }
            // Each stream opens with the presence count: then it is connected.
            #expect(try await json.waitFor { $0.contains(#""kind":"presence""#) } != nil, "\(json.lines)")
            #expect(try await text.waitFor { $0.contains("presence  0 focusing now") } != nil, "\(text.lines)")

            let started = try await runBinary("pomo", ["start", "--detach", "--minutes", "25"], env: env)
            #expect(started.status == 0, "\(started.stderr)")
            clock.advance(by: 1500)
            let completed = try await runBinary("pomo", ["complete"], env: env)
            #expect(completed.status == 0, "\(completed.stderr)")

            let done = try #require(try await json.waitFor { $0.contains(#""kind":"session.completed""#) })
            let change = try #require(try JSONSerialization.jsonObject(with: Data(done.utf8)) as? [String: Any])
            #expect(change["entity_type"] as? String == "session" && change["cursor"] is String)
            #expect((change["data"] as? [String: Any])?["status"] as? String == "completed")
            let kinds = json.lines.compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["kind"] as? String
            }
            #expect(kinds.filter { $0.hasPrefix("session.") } == ["session.started", "session.completed"], "\(kinds)")
            let line = try await text.waitFor { $0.contains("session.completed") }
            #expect(line?.contains("session.completed  work, 25m") == true, "\(text.lines)")
        }
    }

    @Test func statusFollowShowsTheSessionChangingElsewhere() async throws {
        try await TestApp.run(.sqlite, clock: ManualClock(Date()), testing: .live) { client in
            let (env, _) = try await CLITests.login(client)
            let follow = try Following(["status", "--follow"], env: env)
            defer { follow.stop() }
            #expect(try await follow.waitFor { $0 == "no active session" } != nil, "\(follow.lines)")
            // Give the stream a moment to open before the change it must carry.
            try await Task.sleep(for: .milliseconds(500))
            let started = try await runBinary(
                "pomo", ["start", "--detach", "--minutes", "25", "--category", "Study"], env: env)
            #expect(started.status == 0, "\(started)")
            #expect(try await follow.waitFor { $0.contains("Study") && $0.contains("left") } != nil, "\(follow.lines)")
            let cancelled = try await runBinary("pomo", ["cancel", "--reason", "interruption"], env: env)
            #expect(cancelled.status == 0, "\(cancelled)")
            let last = try await follow.waitFor { _ in
                follow.lines.count >= 3 && follow.lines.last == "no active session"
            }
            #expect(last != nil, "\(follow.lines)")
        }
    }

    /// `pomo sync` reads the change feed from where it last stopped: what happened elsewhere
    /// while this machine was away.
    @Test func syncShowsWhatChangedSinceTheLastSync() async throws {
        let clock = ManualClock(Date().addingTimeInterval(-1500))
        try await TestApp.run(.sqlite, clock: clock, testing: .live) { client in
            let (env, _) = try await CLITests.login(client)
            let first = try await runBinary("pomo", ["sync"], env: env)
            #expect(first.stdout == "nothing to send\nfollowing the server's changes from now on\n", "\(first)")
            #expect(try await runBinary("pomo", ["start", "--detach", "--minutes", "25"], env: env).status == 0)
            clock.advance(by: 1500)
            #expect(try await runBinary("pomo", ["complete"], env: env).status == 0)
            let second = try await runBinary("pomo", ["sync"], env: env)
            // The session, and the project `pomo start` made for it.
            #expect(
                second.stdout.hasSuffix(
                    "since the last sync: 1 project.created, 1 session.completed, 1 session.started\n"),
                "\(second)")
            let third = try await runBinary("pomo", ["sync"], env: env)
            #expect(third.stdout.hasSuffix("no changes since the last sync\n"), "\(third)")
        }
    }

    /// A `pomo sync` whose saved cursor the server's change retention removed reads on from what
    /// the server keeps, and says it missed some; it used to fail on every run with the 410.
    @Test func syncReadsOnPastChangesTheServerNoLongerKeeps() async throws {
        try await TestApp.runWithDatabase(.sqlite, testing: .live) { client, database in
            let (env, _) = try await CLITests.login(client)
            try await ChangeRetentionTests.logTaskCreated(["old0"], daysAgo: 40, by: "ana", database)
            let first = try await runBinary("pomo", ["sync"], env: env)
            #expect(first.stdout.hasSuffix("following the server's changes from now on\n"), "\(first)")
            // Two more old changes after the saved cursor, one today; then the old ones go.
            try await ChangeRetentionTests.logTaskCreated(["old1", "old2"], daysAgo: 40, by: "ana", database)
            try await ChangeRetentionTests.logTaskCreated(["young"], daysAgo: 0, by: "ana", database)
            try await ChangeRetentionTests.pruneChanges(olderThanDays: 30, database)

            let second = try await runBinary("pomo", ["sync"], env: env)
            #expect(second.status == 0, "\(second)")
            #expect(
                second.stdout.hasSuffix(
                    "the server no longer keeps the oldest changes since the last sync (its change retention)\n"
                        + "since the last sync: 1 task.created\n"), "\(second)")
            let third = try await runBinary("pomo", ["sync"], env: env)
            #expect(third.stdout.hasSuffix("no changes since the last sync\n"), "\(third)")
        }
    }

    /// The follower behind `pomo watch` and `status --follow`, resumed from an event the server's
    /// change retention removed (a connection down longer than the retention): it says so and
    /// follows from now, instead of ending on the 410.
    @Test func aFollowerResumedPastTheRetentionFollowsFromNow() async throws {
        try await TestApp.runWithDatabase(.sqlite, testing: .live) { client, database in
            let token = try await client.accessToken("ana")
            try await ChangeRetentionTests.logTaskCreated(["old0", "old1"], daysAgo: 40, by: "ana", database)
            let seen = try #require(
                try await ChangeFeedTests.feed(client, bearer(token)).items.first?["cursor"] as? String)
            try await ChangeRetentionTests.pruneChanges(olderThanDays: 30, database)
            let pomo = PomoClient(baseURL: URL(string: "http://127.0.0.1:\(try #require(client.port))")!, token: token)
            let notices = Mutex<[String]>([])
            let events = Mutex<[ServerEvent]>([])
            let following = Task {
                try await EventFollower(client: pomo) { notice in notices.withLock { $0.append(notice) } }
                    .follow(after: seen) { event in events.withLock { $0.append(event) } }
            }
            defer { following.cancel() }

            // The stream opens with the presence count; then a session submitted elsewhere.
            let open = try await Self.eventually { events.withLock { $0.contains { $0.name == "presence" } } }
            #expect(open, "\(notices.withLock { $0 })")
            #expect(
                try await client.send(.post, "/api/pomodoro/submit", body: gameSubmitBody(), headers: bearer(token))
                    .status == .created)
            #expect(try await Self.eventually { events.withLock { $0.contains { $0.name == "session.completed" } } })
            #expect(notices.withLock { $0 }.contains { $0.hasPrefix("the server no longer keeps the changes") })
        }
    }

    /// A refusal that passes does not end the follower: at the cap of streams per user (429) it
    /// tries again, and is in once a place is free (as it is after a proxy's 502 while an
    /// instance restarts); it used to end on any refusal.
    @Test func aFollowerRefusedAtTheCapOfStreamsTriesAgain() async throws {
        try await TestApp.runWithDatabase(.sqlite, testing: .live, configure: { $0.eventStreamsPerUser = 1 }) {
            client, _ in
            let token = try await client.accessToken("ana")
            let port = try #require(client.port)
            let held = try EventStreamClient(port: port, token: token)
            #expect(try await held.next { $0.name == "presence" } != nil, "\(held.text)")
            let pomo = PomoClient(baseURL: URL(string: "http://127.0.0.1:\(port)")!, token: token)
            let notices = Mutex<[String]>([])
            let events = Mutex<[ServerEvent]>([])
            let following = Task {
                try await EventFollower(client: pomo) { notice in notices.withLock { $0.append(notice) } }
                    .follow { event in events.withLock { $0.append(event) } }
            }
            defer { following.cancel() }

            #expect(try await Self.eventually { notices.withLock { $0 }.contains { $0.contains("429") } })
            held.close()
            let open = try await Self.eventually { events.withLock { $0.contains { $0.name == "presence" } } }
            #expect(open, "\(notices.withLock { $0 })")
        }
    }

    /// Whether `condition` holds within 10 s.
    static func eventually(_ condition: () -> Bool) async throws -> Bool {
        for _ in 0..<200 {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }
}
