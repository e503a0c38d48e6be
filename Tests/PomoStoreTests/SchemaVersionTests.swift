import Foundation
import PomoCore
import PomoTestSupport
import SQLKit
import Testing

@testable import PomoStore

/// Upgrades go one way: a newer pomod migrates an older database; an older pomod that meets a
/// schema migrated by a newer one refuses to touch it.
@Suite struct SchemaVersionTests {
    @Test(arguments: TestBackend.available)
    func anOlderPomodRefusesANewerSchemaAndANewerOneMigratesAnOlder(_ backend: TestBackend) async throws {
        try await withDatabase(try await TestDatabases.open(backend, migrate: false)) { database in
            let older = Migrator(migrations: Array(Migrations.all.dropLast()))
            // A newer pomod migrates what an older one left.
            try await older.migrate(database)
            let upgraded = try await Migrator().migrate(database)
            #expect(upgraded == [Migrations.all.map(\.version).max()!])

            // MUT: the older pomod starts again on the upgraded database
            var refusal: SchemaTooNew?
            do {
                try await older.migrate(database)
            } catch let error as SchemaTooNew {
                refusal = error
            }

            // validate: refused, saying why, with the schema as it was
            let error = try #require(refusal, "an older pomod must refuse a newer schema")
            #expect(error.found == Migrations.all.count && error.known == Migrations.all.count - 1)
            #expect(error.description.contains("newer than this pomod knows"))
            #expect(try await Migrator().appliedVersions(database) == Migrations.all.map(\.version).sorted())
        }
    }
}

/// `POMO_DATABASE_STATEMENT_TIMEOUT` reaches PostgreSQL: a statement past it is cancelled there.
@Suite struct StatementTimeoutTests {
    @Test(.enabled(if: TestBackend.available.contains(.postgres), "needs the test PostgreSQL"))
    func aStatementPastTheTimeoutIsCancelledByPostgreSQL() async throws {
        let location = try await TestDatabases.freshLocation(.postgres)
        let database = try await PomoDatabase.openPostgres(
            url: location, poolSize: 2, statementTimeout: 1, logger: TestDatabases.logger)
        let setting = try await database.read { db in
            try await db.raw("SHOW statement_timeout").first()?.decode(column: "statement_timeout", as: String.self)
        }
        #expect(setting == "1s")
        await #expect(throws: (any Error).self) {
            try await database.read { db in try await db.raw("SELECT pg_sleep(3)").run() }
        }
        let fine = try await database.read { db in
            try await db.raw("SELECT 1 AS one").first()?.decode(column: "one", as: Int.self)
        }
        #expect(fine == 1)
        await database.close()
    }
}
