import Foundation
import PomoTestSupport
import SQLKit
import Testing

@testable import PomoStore

/// A template's kept text is what SQLKit writes for the same query in each dialect, and runs
/// with each run's own values.
@Suite struct SQLTemplateTests {
    @Test(arguments: TestBackend.available)
    func keptTextMatchesSQLKitAndRunsWithEachRunsValues(_ backend: TestBackend) async throws {
        try await withDatabase(try await TestDatabases.open(backend, migrate: false)) { database in
            let template = SQLTemplate.insert(into: "template_t", columns: ["a", "b", "c"], then: " RETURNING a, b, c")
            try await database.write { db in
                try await db.raw("CREATE TABLE template_t (a BIGINT, b TEXT, c DOUBLE PRECISION)").run()
                var direct = SQLSerializer(database: db)
                let query: SQLQueryString =
                    "INSERT INTO template_t (a, b, c) VALUES (\(bind: 1), \(bind: "x"), \(bind: 2.5)) RETURNING a, b, c"
                query.serialize(to: &direct)
                #expect(template.text(for: db) == direct.sql)

                for (a, b, c) in [(Int64(1), "one" as String?, 1.5), (2, nil, -3), (Int64.max, "🍅 'quoted'", 0)] {
                    let row = try #require(try await template.raw(on: db, [a, b, c]).first())
                    #expect(try row.decode(column: "a", as: Int64.self) == a)
                    #expect(try row.decode(column: "b", as: String?.self) == b)
                    #expect(try row.decode(column: "c", as: Double.self) == c)
                }
                let count = try await db.raw("SELECT COUNT(*) AS n FROM template_t").first()?.decode(
                    column: "n", as: Int.self)
                #expect(count == 3)
            }
        }
    }

    @Test func anUpdateTemplateNumbersItsPlaceholdersInOrder() async throws {
        try await withDatabase(try await TestDatabases.open(.sqlite, migrate: false)) { database in
            let template = SQLTemplate(binds: 3) { values in
                "UPDATE t SET x = \(values[0]), y = \(values[1]) WHERE id = \(values[2])"
            }
            try await database.read { db in
                #expect(template.text(for: db) == "UPDATE t SET x = ?1, y = ?2 WHERE id = ?3")
            }
        }
    }
}
