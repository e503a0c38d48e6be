import Foundation
import PomoCore
import PomoStore
import PomoTestSupport
import SQLKit
import Testing

@Suite struct DatabaseTests {
    @Test(arguments: TestBackend.available)
    func migrationsApplyOnceAndAreRecorded(_ backend: TestBackend) async throws {
        let database = try await TestDatabases.open(backend, migrate: false)
        defer { Task { await database.close() } }
        let migrator = Migrator()
        #expect(try await migrator.migrate(database) == Migrations.all.map(\.version))
        #expect(try await migrator.migrate(database) == [])
        #expect(try await migrator.appliedVersions(database) == Migrations.all.map(\.version))
    }

    @Test(arguments: TestBackend.available)
    func concurrentMigratorsApplyEachMigrationOnce(_ backend: TestBackend) async throws {
        let database = try await TestDatabases.open(backend, migrate: false)
        defer { Task { await database.close() } }
        let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<4 { group.addTask { try await Migrator().migrate(database) } }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(applied.sorted() == Migrations.all.map(\.version))
    }

    @Test(arguments: TestBackend.available)
    func aFailedWriteLeavesNothingBehind(_ backend: TestBackend) async throws {
        let database = try await TestDatabases.open(backend)
        defer { Task { await database.close() } }
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

    @Test(arguments: TestBackend.available)
    func theDatabaseAllowsOneActiveFocusSessionPerUser(_ backend: TestBackend) async throws {
        let database = try await TestDatabases.open(backend)
        defer { Task { await database.close() } }
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
