import Foundation
import PomoCore
import PomoTestSupport
import SQLKit
import Testing

@testable import PomoStore

@Suite struct DatabaseTests {
    @Test(arguments: TestBackend.available)
    func migrationsApplyOnceAndAreRecorded(_ backend: TestBackend) async throws {
        try await withDatabase(try await TestDatabases.open(backend, migrate: false)) { database throws in
            let migrator = Migrator()
            #expect(try await migrator.migrate(database) == Migrations.all.map(\.version))
            #expect(try await migrator.migrate(database) == [])
            #expect(try await migrator.appliedVersions(database) == Migrations.all.map(\.version))
        }
    }

    /// A PostgreSQL on the same machine through its Unix socket, in libpq's form
    /// (`postgres://user@/database?host=/dir&port=N`): the test cluster listens in its own
    /// directory too (`scripts/pg-cluster.sh` exports it). `inet_server_addr()` is NULL only over
    /// a Unix socket.
    @Test(arguments: TestBackend.available.filter { $0 == .postgres })
    func postgresAnswersThroughItsUnixSocket(_ backend: TestBackend) async throws {
        let directory = try #require(
            ProcessInfo.processInfo.environment["PG_CLUSTER_DIR"], "the test cluster's directory (scripts/test.sh)")
        let tcp = try #require(URLComponents(string: try await TestDatabases.createPostgresDatabase()))
        let url = "postgres://\(tcp.user ?? "pomo")@\(tcp.path)?host=\(directory)&port=\(tcp.port ?? 5432)"
        try await withDatabase(try await PomoDatabase.openPostgres(url: url, logger: TestDatabases.logger)) {
            database in
            try await database.ping()
            let address = try await database.read { db in
                try await db.raw("SELECT inet_server_addr()::text AS address, current_database() AS name").first()
            }
            #expect(try address?.decode(column: "address", as: String?.self) == nil)
            #expect(try address?.decode(column: "name", as: String.self) == String(tcp.path.dropFirst()))
        }
    }

    @Test(arguments: TestBackend.available)
    func concurrentMigratorsApplyEachMigrationOnce(_ backend: TestBackend) async throws {
        try await withDatabase(try await TestDatabases.open(backend, migrate: false)) { database throws in
            let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<4 { group.addTask { try await Migrator().migrate(database) } }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(applied.sorted() == Migrations.all.map(\.version))
        }
    }

    @Test(arguments: TestBackend.available)
    func aFailedWriteLeavesNothingBehind(_ backend: TestBackend) async throws {
        try await withDatabase(try await TestDatabases.open(backend)) { database throws in
            let users = SQLUserStore(database: database)
            _ = try await users.create(newUser("ana"))
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await database.write { db in
                    try await db.raw("UPDATE users SET timezone = 'Asia/Tokyo'").run()
                    throw Boom()
                }
            }
            #expect(try await users.find(login: "ana")?.timezone == "Europe/Paris")
        }
    }

    /// A lookup (on SQLite: on the caller's thread, on a connection of its own) sees a write
    /// the moment the write returns.
    @Test(arguments: TestBackend.available)
    func aLookupSeesEveryCommittedWrite(_ backend: TestBackend) async throws {
        try await withDatabase(try await TestDatabases.open(backend)) { database throws in
            let users = SQLUserStore(database: database)
            for name in ["ana", "ben", "cleo"] {
                let user = try await users.create(newUser(name))
                let found = try await database.lookup { db in
                    try await db.raw("SELECT username FROM users WHERE id = \(bind: user.id)").first()?
                        .decode(column: "username", as: String.self)
                }
                #expect(found == name)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func theDatabaseAllowsOneActiveFocusSessionPerUser(_ backend: TestBackend) async throws {
        try await withDatabase(try await TestDatabases.open(backend)) { database throws in
            let ana = try await SQLUserStore(database: database).create(newUser("ana"))
            func insert(_ uuid: String, status: String) async throws {
                try await database.write { db in
                    try await db.raw(
                        """
                        INSERT INTO focus_sessions (uuid, user_id, kind, status, timezone, local_date,
                            notification_sent, evaluation_submitted, created_at, updated_at)
                        VALUES (\(bind: uuid), \(bind: ana.id), 'work', \(bind: status), 'UTC', '2026-11-22',
                            \(bind: false), \(bind: false), 0, 0)
                        """
                    ).run()
                }
            }
            try await insert("s1", status: "active")
            try await insert("s2", status: "completed")
            await #expect(throws: (any Error).self) { try await insert("s3", status: "active") }
        }
    }

    @Test func sqliteRunsInWALModeWithForeignKeysAndKeepsDataAcrossReopen() async throws {
        let dir = try TestDatabases.temporaryDirectory()
        let path = dir + "/pomo.sqlite"
        let first = try await PomoDatabase.openSQLite(path: path, logger: TestDatabases.logger)
        try await Migrator().migrate(first)
        let mode = try await first.write { db in
            try await db.raw("PRAGMA journal_mode").first()!.decode(column: "journal_mode", as: String.self)
        }
        let foreignKeys = try await first.write { db in
            try await db.raw("PRAGMA foreign_keys").first()!.decode(column: "foreign_keys", as: Int.self)
        }
        #expect(mode == "wal")
        #expect(foreignKeys == 1)
        _ = try await SQLUserStore(database: first).create(newUser("ana"))
        await first.close()

        let second = try await PomoDatabase.openSQLite(path: path, logger: TestDatabases.logger)
        #expect(try await SQLUserStore(database: second).find(login: "ana") != nil)
        #expect(try await Migrator().migrate(second) == [])
        await second.close()
    }
}

@Suite struct GroupCommitTests {
    struct Refused: Error {}

    /// Concurrent writers share SQLite commits, yet each is its own transaction: a failing one
    /// leaves nothing behind, the others are all there, and every write is readable (committed)
    /// the moment it returns.
    @Test(arguments: TestBackend.available)
    func concurrentWritesCommitTogetherAndFailAlone(_ backend: TestBackend) async throws {
        try await withDatabase(try await TestDatabases.open(backend)) { database throws in
            try await database.write { db in
                try await db.raw("CREATE TABLE group_commit_probe (n BIGINT PRIMARY KEY, note TEXT NOT NULL)").run()
            }
            let before = database.writeStatistics
            let writers = 60
            let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
                for n in 0..<writers {
                    group.addTask {
                        do {
                            try await database.write { db in
                                try await db.raw(
                                    "INSERT INTO group_commit_probe (n, note) VALUES (\(bind: n), 'first')"
                                )
                                .run()
                                try await db.raw("UPDATE group_commit_probe SET note = 'second' WHERE n = \(bind: n)")
                                    .run()
                                if n % 7 == 3 { throw Refused() }
                            }
                        } catch {
                            return (n, false)
                        }
                        // Acknowledged means committed: a reader sees it now.
                        let seen = try? await database.read { db in
                            try await db.raw("SELECT note FROM group_commit_probe WHERE n = \(bind: n)").first()?
                                .decode(column: "note", as: String.self)
                        }
                        return (n, seen == "second")
                    }
                }
                return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
            }
            let expected = Set((0..<writers).filter { $0 % 7 != 3 })
            #expect(Set(outcomes.filter(\.value).keys) == expected)
            let stored = try await database.read { db in
                try await db.raw("SELECT n FROM group_commit_probe ORDER BY n").all().map {
                    Int(try $0.decode(column: "n", as: Int64.self))
                }
            }
            #expect(stored == expected.sorted())
            if let before, let after = database.writeStatistics {
                #expect(after.transactions - before.transactions == writers)
                // Sixty writers queued at once cannot each have needed a commit of their own.
                #expect(after.commits - before.commits < writers)
            }
        }
    }

    /// Savepoints are opened with a body's first statement and never released, so a body that
    /// fails before running anything must not undo the member before it, and one whose first
    /// statement fails undoes only that.
    @Test func failuresBeforeOrAtTheFirstStatementUndoOnlyThemselves() async throws {
        try await withDatabase(try await TestDatabases.open(.sqlite)) { database throws in
            try await database.write { db in
                try await db.raw("CREATE TABLE group_commit_probe (n BIGINT PRIMARY KEY)").run()
                try await db.raw("INSERT INTO group_commit_probe (n) VALUES (-1)").run()
            }
            let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
                for n in 0..<45 {
                    group.addTask {
                        do {
                            try await database.write { db in
                                switch n % 3 {
                                case 0: throw Refused()  // before any statement
                                case 1:  // the first statement fails (the key exists)
                                    try await db.raw("INSERT INTO group_commit_probe (n) VALUES (-1)").run()
                                default:
                                    try await db.raw("INSERT INTO group_commit_probe (n) VALUES (\(bind: n))").run()
                                }
                            }
                            return (n, true)
                        } catch {
                            return (n, false)
                        }
                    }
                }
                return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
            }
            let stored = Set(
                try await database.read { db in
                    try await db.raw("SELECT n FROM group_commit_probe").all().map {
                        Int(try $0.decode(column: "n", as: Int64.self))
                    }
                })
            let written = Set((0..<45).filter { $0 % 3 == 2 })
            #expect(Set(outcomes.filter(\.value).keys) == written)
            #expect(stored == written.union([-1]))
        }
    }

    /// Another process holding SQLite's write lock makes a batch wait for it (on the writer's
    /// queue, up to the busy timeout) instead of failing; the writes queued meanwhile follow.
    @Test func writesWaitForAnotherConnectionsWriteLock() async throws {
        let path = try TestDatabases.temporaryDirectory() + "/pomo.sqlite"
        let database = try await PomoDatabase.openSQLite(path: path, logger: TestDatabases.logger)
        defer { Task { await database.close() } }
        try await database.write { db in
            try await db.raw("CREATE TABLE group_commit_probe (n BIGINT PRIMARY KEY)").run()
        }
        let other = SQLiteLinkDatabase(link: try await SQLiteLink.open(path: path), logger: TestDatabases.logger)
        try await other.raw("BEGIN IMMEDIATE").run()
        try await other.raw("INSERT INTO group_commit_probe (n) VALUES (-1)").run()
        let writers = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<10 {
                    group.addTask {
                        try await database.write { db in
                            try await db.raw("INSERT INTO group_commit_probe (n) VALUES (\(bind: n))").run()
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        let count: @Sendable () async throws -> Int? = {
            try await database.read { db in
                try await db.raw("SELECT count(*) AS n FROM group_commit_probe").first()?
                    .decode(column: "n", as: Int.self)
            }
        }
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await count() == 0)
        try await other.raw("COMMIT").run()
        try await writers.value
        #expect(try await count() == 11)
        await other.link.close()
    }

    /// A connection beside the writer checkpoints the log once it passes 1,000 pages, and a
    /// commit does when it passes 4,000 (under steady writes the other never copies all of it),
    /// so the log stays bounded (SQLite starts it over once a checkpoint copied all of it) and
    /// every write is still there.
    @Test func theLogIsCheckpointedBesideTheWriter() async throws {
        let path = try TestDatabases.temporaryDirectory() + "/pomo.sqlite"
        let database = try await PomoDatabase.openSQLite(path: path, logger: TestDatabases.logger)
        try await database.write { db in
            try await db.raw("CREATE TABLE group_commit_probe (n BIGINT PRIMARY KEY, payload TEXT NOT NULL)").run()
        }
        let payload = String(repeating: "7", count: 32 * 1024)
        // About 9 pages a write: 1,200 writes make some 11,000 pages of log without checkpoints.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    for n in stride(from: writer, to: 1200, by: 8) {
                        try await database.write { db in
                            try await db.raw(
                                "INSERT INTO group_commit_probe (n, payload) VALUES (\(bind: n), \(bind: payload))"
                            ).run()
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let statistics = try #require(database.writeStatistics)
        #expect(statistics.checkpoints >= 1)
        let logSize = try #require(try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int)
        #expect(logSize < 6000 * 4200, "log of \(logSize) bytes")
        let stored = try await database.read { db in
            try await db.raw("SELECT count(*) AS n FROM group_commit_probe").first()?.decode(column: "n", as: Int.self)
        }
        #expect(stored == 1200)
        await database.close()
        // Reopened, nothing is lost.
        let reopened = try await PomoDatabase.openSQLite(path: path, logger: TestDatabases.logger)
        let again = try await reopened.read { db in
            try await db.raw("SELECT count(*) AS n FROM group_commit_probe").first()?.decode(column: "n", as: Int.self)
        }
        #expect(again == 1200)
        await reopened.close()
    }

    /// A writer whose batch is rolled back mid-way (here: its own statement aborts the whole
    /// SQLite transaction) reports failure, and so does every writer that shared the batch.
    @Test func aWriteThatEndsTheTransactionFailsItsWholeBatch() async throws {
        try await withDatabase(try await TestDatabases.open(.sqlite)) { database throws in
            try await database.write { db in
                try await db.raw("CREATE TABLE group_commit_probe (n BIGINT PRIMARY KEY)").run()
            }
            struct Outcome: Sendable { var n: Int; var ok: Bool }
            let outcomes = await withTaskGroup(of: Outcome.self) { group in
                for n in 0..<20 {
                    group.addTask {
                        do {
                            try await database.write { db in
                                try await db.raw("INSERT INTO group_commit_probe (n) VALUES (\(bind: n))").run()
                                // ROLLBACK ends the transaction the batch shares, savepoints and all.
                                if n == 10 { try await db.raw("ROLLBACK").run() }
                            }
                            return Outcome(n: n, ok: true)
                        } catch {
                            return Outcome(n: n, ok: false)
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let stored = Set(
                try await database.read { db in
                    try await db.raw("SELECT n FROM group_commit_probe").all().map {
                        Int(try $0.decode(column: "n", as: Int64.self))
                    }
                })
            // Whatever was acknowledged is stored, and nothing else is.
            #expect(Set(outcomes.filter(\.ok).map(\.n)) == stored)
            #expect(!stored.contains(10))
            // The writer is usable afterwards.
            try await database.write { db in
                try await db.raw("INSERT INTO group_commit_probe (n) VALUES (100)").run()
            }
        }
    }
}
