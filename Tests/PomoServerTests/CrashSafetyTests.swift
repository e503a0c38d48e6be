import Foundation
import PomoStore
import PomoTestSupport
import SQLKit
import Synchronization
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Every write that was acknowledged survives a crash: a write load against a real `pomod`,
/// killed with SIGKILL at random moments and restarted on the same data, then checked row by row.
@Suite struct CrashSafetyTests {
    /// What the server acknowledged with a 2xx before it was killed.
    final class Acknowledged: Sendable {
        let submits = Mutex<[String]>([])
        let entries = Mutex<[String]>([])
        let completed = Mutex<[String]>([])
    }

    final class Stop: Sendable {
        private let flag = Atomic(false)
        var requested: Bool { flag.load(ordering: .relaxed) }
        func request() { flag.store(true, ordering: .relaxed) }
    }

    struct HTTP: Sendable {
        var base: String

        /// nil when the server did not answer (killed mid-request).
        func send(_ method: String, _ path: String, auth: String, body: String? = nil) async -> (Int, [String: Any])? {
            var request = URLRequest(url: URL(string: base + path)!)
            request.httpMethod = method
            request.timeoutInterval = 5
            request.setValue("Bearer \(auth)", forHTTPHeaderField: "Authorization")
            if let body {
                request.httpBody = Data(body.utf8)
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            }
            guard let (data, response) = try? await URLSession.shared.data(for: request),
                let status = (response as? HTTPURLResponse)?.statusCode
            else { return nil }
            return (status, (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:])
        }
    }

    /// Registers `ana` on a fresh server: her JWT and an API key (the load's Time Magic writer).
    static func account(_ http: HTTP) async throws -> (jwt: String, key: String) {
        let registered = try #require(
            await http.send(
                "POST", "/api/auth/register", auth: "",
                body: #"{"username": "ana", "email": "ana@example.com", "password": "password-123"}"#))
        let jwt = try #require(registered.1["access_token"] as? String)
        let created = try #require(
            await http.send("POST", "/api/v1/auth/api-keys", auth: jwt, body: #"{"name": "load"}"#))
        return (jwt, try #require((created.1["data"] as? [String: Any])?["token"] as? String))
    }

    /// Three writers (Game submits, Time Magic entries, TaskWorks start + complete) until `stop`.
    static func load(_ http: HTTP, jwt: String, key: String, acked: Acknowledged, stop: Stop) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                while !stop.requested {
                    let uuid = UUID().uuidString.lowercased()
                    let start = Date().addingTimeInterval(-1800)
                    let body = """
                        {"start_time": "\(ISO8601DateFormatter().string(from: start))",
                         "end_time": "\(ISO8601DateFormatter().string(from: start.addingTimeInterval(1500)))",
                         "duration": 25, "category": "Work", "project": "Crash", "note": "", "source": "pomo_cli",
                         "session_id": "\(uuid)"}
                        """
                    guard let (status, _) = await http.send("POST", "/api/pomodoro/submit", auth: jwt, body: body)
                    else {
                        return
                    }
                    if (200..<300).contains(status) { acked.submits.withLock { $0.append(uuid) } }
                }
            }
            group.addTask {
                while !stop.requested {
                    let body = #"{"time_entry": {"begin_time": "2025-10-01T10:00:00Z", "duration": 60}}"#
                    guard
                        let (status, json) = await http.send(
                            "POST", "/timemagic/api/time_entries", auth: key, body: body)
                    else { return }
                    if status == 201, let uuid = json["uuid"] as? String { acked.entries.withLock { $0.append(uuid) } }
                }
            }
            group.addTask {
                while !stop.requested {
                    guard
                        var (status, json) = await http.send(
                            "POST", "/api/v1/pomodoro", auth: jwt, body: #"{"duration_minutes": 25}"#)
                    else { return }
                    if status == 409, let active = await http.send("GET", "/api/v1/pomodoro", auth: jwt) {
                        (status, json) = active
                    }
                    guard let id = (json["data"] as? [String: Any])?["id"] as? String else { continue }
                    guard let (done, _) = await http.send("POST", "/api/v1/pomodoro/\(id)/complete", auth: jwt)
                    else { return }
                    if done == 200 { acked.completed.withLock { $0.append(id) } }
                }
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func acknowledgedWritesSurviveSIGKILL(_ backend: TestBackend) async throws {
        // setup
        var env = [
            "POMO_DATA_DIR": try TestDatabases.temporaryDirectory(), "POMO_BCRYPT_COST": "4", "POMO_DATABASE_URL": "",
            "POMO_TIMEMAGIC_RATE_LIMIT": "100000",
        ]
        if backend == .postgres { env["POMO_DATABASE_URL"] = try await TestDatabases.createPostgresDatabase() }
        var server = try await ServerProcess(env: env)
        var http = HTTP(base: "http://127.0.0.1:\(server.port)")
        let (jwt, key) = try await Self.account(http)
        let acked = Acknowledged()

        // MUT: load, SIGKILL at a random moment, restart on the same data; several times
        for _ in 0..<3 {
            let stop = Stop()
            async let writers: Void = Self.load(http, jwt: jwt, key: key, acked: acked, stop: stop)
            try await Task.sleep(for: .milliseconds(Int.random(in: 500...1500)))
            kill(server.process.processIdentifier, SIGKILL)
            stop.request()
            await writers
            // Polled, not `waitUntilExit()`: that blocks one of the few cooperative threads.
            while server.process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
            server = try await ServerProcess(env: env)
            http = HTTP(base: "http://127.0.0.1:\(server.port)")
        }
        #expect(try await server.stop() == 0)

        // validate: every acknowledged write is there exactly once, and the database is sound
        let submits = acked.submits.withLock { $0 }
        let entries = acked.entries.withLock { $0 }
        let completed = acked.completed.withLock { $0 }
        #expect(
            submits.count >= 5 && entries.count >= 5 && completed.count >= 1,
            "\(submits.count) \(entries.count) \(completed.count)")
        let database =
            backend == .sqlite
            ? try await PomoDatabase.openSQLite(
                path: env["POMO_DATA_DIR"]! + "/pomo.sqlite", logger: TestDatabases.logger)
            : try await PomoDatabase.openPostgres(url: env["POMO_DATABASE_URL"]!, logger: TestDatabases.logger)
        do {
            try await database.read { db in
                for uuid in submits {
                    let rows = try await db.raw("SELECT status FROM focus_sessions WHERE uuid = \(bind: uuid)").all()
                    #expect(rows.count == 1, "submit \(uuid)")
                    #expect(try rows.first?.decode(column: "status", as: String.self) == "completed")
                }
                for uuid in entries {
                    let rows = try await db.raw("SELECT id FROM time_entries WHERE uuid = \(bind: uuid)").all()
                    #expect(rows.count == 1, "entry \(uuid)")
                }
                for id in completed.compactMap(Int64.init) {
                    let row = try await db.raw("SELECT status FROM focus_sessions WHERE id = \(bind: id)").first()
                    #expect(try row?.decode(column: "status", as: String.self) == "completed", "pomodoro \(id)")
                }
                if backend == .sqlite {
                    let check = try await db.raw("PRAGMA integrity_check").first()
                    #expect(try check?.decode(column: "integrity_check", as: String.self) == "ok")
                } else {
                    // amcheck: every B-tree index is consistent and indexes every heap row;
                    // a corrupt one raises an error here.
                    try await db.raw("CREATE EXTENSION IF NOT EXISTS amcheck").run()
                    let checked = try await db.raw(
                        """
                        SELECT c.relname, bt_index_check(index => c.oid, heapallindexed => true)::text AS ok
                        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                        JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am a ON a.oid = c.relam
                        WHERE n.nspname = 'public' AND a.amname = 'btree'
                        """
                    ).all()
                    #expect(checked.count > 20, "amcheck looked at \(checked.count) indexes")
                }
            }
            // Each session write and its totals commit together: no kill leaves one without the other.
            #expect(try await FocusTotalsMaintenance.check(database) == [])
            // And with its change: every acknowledged write has its change once, and no change
            // outlived a write that rolled back.
            try await database.read { db in
                func count(_ sql: SQLQueryString) async throws -> Int {
                    try await db.raw("SELECT COUNT(*) AS n FROM (" + sql + ") AS q").first()!.decode(
                        column: "n", as: Int.self)
                }
                for uuid in submits {
                    let changes = try await count(
                        "SELECT id FROM change_events WHERE entity_id = \(bind: uuid) AND kind = 'session.completed'")
                    #expect(changes == 1, "submit \(uuid): \(changes) changes")
                }
                for uuid in entries {
                    let changes = try await count(
                        "SELECT id FROM change_events WHERE entity_id = \(bind: uuid) AND kind = 'time_entry.created'")
                    #expect(changes == 1, "entry \(uuid): \(changes) changes")
                }
                let completedSessions = try await count("SELECT id FROM focus_sessions WHERE status = 'completed'")
                let completedChanges = try await count("SELECT id FROM change_events WHERE kind = 'session.completed'")
                #expect(completedChanges == completedSessions)
                let entryRows = try await count("SELECT id FROM time_entries")
                let entryChanges = try await count("SELECT id FROM change_events WHERE kind = 'time_entry.created'")
                #expect(entryChanges == entryRows)
                let orphans = try await count(
                    """
                    SELECT c.id FROM change_events c LEFT JOIN focus_sessions s ON s.uuid = c.entity_id
                    WHERE c.entity_type = 'session' AND s.id IS NULL
                    """)
                #expect(orphans == 0, "changes of sessions that are not there")
            }
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }
}
