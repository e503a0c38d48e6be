import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoTestSupport
import Synchronization
import Testing

@testable import PomoServer
@testable import PomoStore

#if canImport(Glibc)
    import Glibc
#endif

/// A Server-Sent Events reader over a raw socket: a thread of its own receives, the test waits
/// for the events it expects.
final class EventStreamClient: Sendable {
    struct Event: Sendable {
        var id: String?
        var name: String?
        var data: String
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] ?? [:] }
    }

    let connection: RawConnection
    private let received = Mutex("")
    private let consumed = Mutex(0)

    /// Opens `GET path` and starts reading; `status` is the answer's status line.
    init(port: Int, path: String = "/api/v1/events", token: String, lastEventId: String? = nil) throws {
        connection = try RawConnection(port: port)
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
        if let lastEventId { request += "Last-Event-ID: \(lastEventId)\r\n" }
        connection.send(request + "\r\n")
        Thread.detachNewThread { [self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = recv(connection.fd, &buffer, buffer.count, 0)
                if n <= 0 && errno != EAGAIN && errno != EWOULDBLOCK { return }
                if n > 0 { received.withLock { $0 += String(decoding: buffer[0..<n], as: UTF8.self) } }
            }
        }
    }

    var text: String { received.withLock { $0 } }

    /// Waits up to `timeout` for the next event that `matches`, skipping the others; nil if none came.
    func next(within timeout: Duration = .seconds(5), _ matches: (Event) -> Bool = { _ in true }) async throws
        -> Event?
    {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let blocks = Self.blocks(of: text)
            while let index = consumed.withLock({ $0 < blocks.count ? $0 : nil }) {
                consumed.withLock { $0 += 1 }
                if let event = Self.event(blocks[index]), matches(event) { return event }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// The event blocks after the headers, out of their chunked framing (each write is a chunk:
    /// its size in hex, CRLF, the bytes, CRLF).
    static func blocks(of text: String) -> [String] {
        guard let head = text.range(of: "\r\n\r\n") else { return [] }
        var body = String(text[head.upperBound...])
        body = body.replacing(/^[0-9a-fA-F]+\r\n/, with: "").replacing(/\r\n[0-9a-fA-F]+\r\n/, with: "")
        let events = body.components(separatedBy: "\n\n")
        return Array(events.dropLast())
    }

    static func event(_ block: String) -> Event? {
        var event = Event(data: "")
        var any = false
        for line in block.split(separator: "\n") {
            if line.hasPrefix("id: ") {
                event.id = String(line.dropFirst(4))
            } else if line.hasPrefix("event: ") {
                event.name = String(line.dropFirst(7))
                any = true
            } else if line.hasPrefix("data: ") {
                event.data = String(line.dropFirst(6))
            } else if line.hasPrefix(": heartbeat") {
                event.name = "heartbeat"
                any = true
            }
        }
        return any ? event : nil
    }

    func close() { shutdown(connection.fd, Int32(SHUT_RDWR)) }
}

@Suite struct EventStreamTests {
    static func fastHeartbeat(_ config: inout PomoConfig) {
        config.eventHeartbeat = 1
        config.eventStreamsPerUser = 2
    }

    /// A write reaches the writer's open stream; a stream opened with `Last-Event-ID` gets what
    /// happened after that event, also while it was closed; a heartbeat keeps an idle stream open.
    @Test(arguments: TestBackend.available)
    func changesArriveAndLastEventIDResumesWithoutAGap(_ backend: TestBackend) async throws {
        try await TestApp.run(backend, testing: .live, configure: Self.fastHeartbeat) { client in
            let port = try #require(client.port)
            let token = try await client.accessToken("ana")
            let stream = try EventStreamClient(port: port, token: token)
            #expect(try await stream.next { $0.name == "presence" } != nil, "\(stream.text)")
            #expect(stream.text.hasPrefix("HTTP/1.1 200"))
            #expect(stream.text.lowercased().contains("content-type: text/event-stream"))

            #expect(
                try await client.send(.post, "/api/pomodoro/submit", body: gameSubmitBody(), headers: bearer(token))
                    .status == .created)
            let project = try #require(try await stream.next { $0.name == "project.created" })
            let completed = try #require(try await stream.next { $0.name == "session.completed" })
            #expect(completed.json["entity_type"] as? String == "session")
            #expect((completed.json["data"] as? [String: Any])?["status"] as? String == "completed")
            #expect(completed.id == completed.json["cursor"] as? String)
            #expect(try await stream.next { $0.name == "heartbeat" } != nil, "no heartbeat within 5 s")
            stream.close()

            // While no stream is open, a session starts; a stream resuming after the project's
            // event gets the completed session again and then the new one: no gap.
            #expect(
                try await client.send(
                    .post, "/api/v1/pomodoro", body: #"{"duration_minutes": 25}"#, headers: bearer(token)
                )
                .status == .created)
            let resumed = try EventStreamClient(port: port, token: token, lastEventId: project.id)
            let first = try #require(try await resumed.next { $0.id != nil })
            #expect(first.name == "session.completed" && first.id == completed.id)
            let second = try #require(try await resumed.next { $0.id != nil })
            #expect(second.name == "session.started")
            resumed.close()
        }
    }

    /// Past `POMO_EVENT_STREAMS_PER_USER` open streams a user gets 429, in TaskWorks' shape;
    /// others are not affected, and a closed stream frees its place by the next heartbeat.
    @Test func openStreamsAreCappedPerUser() async throws {
        try await TestApp.run(.sqlite, testing: .live, configure: Self.fastHeartbeat) { client in
            let port = try #require(client.port)
            let ana = try await client.accessToken("ana")
            let open = try (0..<2).map { _ in try EventStreamClient(port: port, token: ana) }
            for stream in open { #expect(try await stream.next { $0.name == "presence" } != nil) }
            let refused = try EventStreamClient(port: port, token: ana)
            for _ in 0..<250 where !refused.text.contains("\r\n\r\n{") { try await Task.sleep(for: .milliseconds(20)) }
            #expect(refused.text.hasPrefix("HTTP/1.1 429"), "\(refused.text)")
            #expect(refused.text.contains(#""error":"rate_limited""#))
            let bob = try EventStreamClient(port: port, token: try await client.accessToken("bob"))
            #expect(try await bob.next { $0.name == "presence" } != nil)
            // The server learns of a closed stream when its writes to it fail: within a few
            // heartbeats (1 s here).
            open[0].close()
            var reopened = false
            for _ in 0..<20 where !reopened {
                try await Task.sleep(for: .milliseconds(500))
                let again = try EventStreamClient(port: port, token: ana)
                reopened = try await again.next(within: .seconds(1)) { $0.name == "presence" } != nil
                again.close()
            }
            #expect(reopened, "a closed stream kept its place for 10 s")
        }
    }

    /// A user who leaves pages quickly (each page's stream closed as the next opens) is not
    /// refused: at the cap the server writes to the user's streams, finds the closed ones and
    /// frees their places at once, long before the next heartbeat (20 s here).
    @Test func streamsOfPagesLeftFreeTheirPlacesAtOnce() async throws {
        try await TestApp.run(.sqlite, testing: .live) { client in
            let port = try #require(client.port)
            let ana = try await client.accessToken("ana")
            var previous: EventStreamClient?
            for page in 0..<15 {
                let stream = try EventStreamClient(port: port, token: ana)
                let opened = try await stream.next(within: .seconds(3)) { $0.name == "presence" }
                #expect(opened != nil, "page \(page): \(stream.text.prefix(200))")
                previous?.close()
                previous = stream
            }
            previous?.close()
        }
    }

    /// A teammate starting to focus reaches the team's streams as presence, with the count.
    @Test(arguments: TestBackend.available)
    func teammatesPresenceIsLive(_ backend: TestBackend) async throws {
        try await TestApp.run(backend, testing: .live, configure: Self.fastHeartbeat) { client in
            let port = try #require(client.port)
            let root = bearer(try await client.accessToken("root"))
            let ana = try await client.accessToken("ana")
            let bob = try await client.accessToken("bob")
            _ = try await client.send(.post, "/api/teams", body: #"{"name": "Crew", "slug": "crew"}"#, headers: root)
            for name in ["ana", "bob"] {
                _ = try await client.send(
                    .post, "/api/teams/crew/members", body: #"{"username": "\#(name)"}"#, headers: root)
            }
            let stream = try EventStreamClient(port: port, token: bob)
            let initial = try #require(try await stream.next { $0.name == "presence" })
            #expect(initial.json["count"] as? Int == 0)
            #expect(
                try await client.send(
                    .post, "/api/v1/pomodoro", body: #"{"duration_minutes": 25}"#, headers: bearer(ana)
                )
                .status == .created)
            let live = try #require(try await stream.next { $0.name == "presence" }, "\(stream.text)")
            #expect(live.json["count"] as? Int == 1)
            let team = try #require(live.json["team"] as? [[String: Any]])
            #expect(team.map { $0["username"] as? String } == ["ana"])
            // Bob's own stream carries none of Ana's changes.
            #expect(!stream.text.contains("session.started"))
        }
    }

    /// Two pomods on one PostgreSQL database: a change committed through one reaches a stream held
    /// by the other within a second (LISTEN/NOTIFY wakes it; the table gives the data).
    @Test func aChangeThroughOneInstanceReachesStreamsOfAnother() async throws {
        guard TestBackend.available.contains(.postgres) else { return }
        let url = try await TestDatabases.createPostgresDatabase()
        var env = [
            "POMO_DATABASE_URL": url, "POMO_BCRYPT_COST": "4", "POMO_JWT_SECRET": String(repeating: "ab", count: 24),
        ]
        env["POMO_DATA_DIR"] = try TestDatabases.temporaryDirectory()
        let one = try await ServerProcess(env: env)
        env["POMO_DATA_DIR"] = try TestDatabases.temporaryDirectory()
        let two = try await ServerProcess(env: env)
        let http = CrashSafetyTests.HTTP(base: "http://127.0.0.1:\(two.port)")
        let registered = try #require(
            await http.send(
                "POST", "/api/auth/register", auth: "",
                body: #"{"username": "ana", "email": "ana@example.com", "password": "password-123"}"#))
        let token = try #require(registered.1["access_token"] as? String)
        let stream = try EventStreamClient(port: one.port, token: token)
        #expect(try await stream.next { $0.name == "presence" } != nil, "\(stream.text)")
        var delays: [Duration] = []
        for _ in 0..<5 {
            let sent = ContinuousClock.now
            let started = await http.send(
                "POST", "/api/v1/pomodoro", auth: token, body: #"{"duration_minutes": 25}"#)
            #expect(started?.0 == 201)
            let id = try #require((started?.1["data"] as? [String: Any])?["id"] as? String)
            let event = try await stream.next(within: .seconds(2)) { $0.name == "session.started" }
            #expect(event != nil, "\(stream.text)")
            delays.append(ContinuousClock.now - sent)
            _ = await http.send("POST", "/api/v1/pomodoro/\(id)/complete", auth: token)
        }
        #expect(delays.allSatisfy { $0 < .seconds(1) }, "\(delays)")
        stream.close()
        #expect(try await one.stop() == 0)
        #expect(try await two.stop() == 0)
    }
}

/// The hub's bound on a stream that does not read.
@Suite struct ChangeHubTests {
    /// A stream whose reader stops reading is ended once it holds `ChangeHub.buffer` items, and
    /// forgotten, rather than buffered without limit; its client resumes from its last event id.
    @Test func aStreamThatDoesNotReadIsEndedNotBuffered() async throws {
        let database = try await TestDatabases.open(.sqlite)
        let user = try await Stores.sql(database).users.create(
            NewUser(
                username: "ana", email: "ana@example.com", passwordHash: "x", timezone: "UTC",
                subscriptionActiveUntil: nil, createdAt: Date()))
        let hub = ChangeHub(
            database: database, feed: SQLChangeFeedStore(database: database),
            presence: SQLPresenceStore(database: database), clock: SystemClock(), focusingNow: { 0 }, perUser: 10,
            heartbeat: .seconds(600), logger: TestDatabases.logger)
        let running = Task { try await hub.run() }
        @Sendable func write(_ count: Int) async throws {
            try await database.write { db in
                for n in 0..<count {
                    try await SQLChangeLog.append(
                        .task, "created", id: "t\(n)", userId: user.id, data: nil, at: Date(), on: db)
                }
            }
        }
        // The hub starts at the log's end on its first round.
        try await write(1)
        try await Task.sleep(for: .milliseconds(1200))
        let subscription = try await hub.subscribe(userId: user.id)
        #expect(hub.openStreams == 1)
        for _ in 0..<4 { try await write(100) }
        for _ in 0..<100 where hub.openStreams > 0 { try await Task.sleep(for: .milliseconds(50)) }
        #expect(hub.openStreams == 0, "a stream that does not read is still held")
        if hub.openStreams == 0 {
            var received = 0
            for await _ in subscription.items { received += 1 }
            #expect(received == ChangeHub.buffer)
        } else {
            hub.unsubscribe(subscription)
        }
        running.cancel()
        _ = try? await running.value
        await database.close()
    }
}
