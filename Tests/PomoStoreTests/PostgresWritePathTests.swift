import Foundation
import PomoCore
import PomoTestSupport
import PomoWire
import SQLKit
import Testing

@testable import PomoStore

/// PostgreSQL's short write path: a new session with its totals and change in one statement
/// that commits alone, and templates kept prepared per connection. What they write must be what
/// the transaction writes.
@Suite struct PostgresWritePathTests {
    static let postgres = TestBackend.available.filter { $0 == .postgres }

    func completed(_ userId: Int64, project: Project, start: Date, category: String = "Doing") -> FocusSession {
        var session = FocusSession(
            uuid: UUID().uuidString.lowercased(), userId: userId, kind: .work, status: .completed,
            timezone: "Europe/Paris", localDate: LocalDate.string(for: start, timezone: "Europe/Paris"),
            startedAt: start, createdAt: start)
        session.projectId = project.id
        session.category = category
        session.plannedMinutes = 25
        session.durationMinutes = 25
        session.endedAt = start + 1500
        session.source = "mac_app"
        session.updatedAt = start + 1500
        session.pof = ProofOfFocus.score(
            durationMinutes: 25, plannedMinutes: 25, planning: .notPlanned, onTime: true, source: "mac_app")
        return session
    }

    /// The lengths of the user's runs of active days.
    func runs(of userId: Int64, _ database: PomoDatabase) async throws -> [Int] {
        try await database.read { db in
            try await db.raw("SELECT days FROM focus_streaks WHERE user_id = \(bind: userId) ORDER BY first_day").all()
                .map { try $0.decode(column: "days", as: Int.self) }
        }
    }

    func insert(_ session: FocusSession, _ stores: Stores) async throws -> SessionWrite {
        try await stores.sessions.write(uuid: session.uuid) { existing in
            existing.map { .unchanged($0) } ?? .insert(session)
        }
    }

    /// A database of the backend with a user, ana, and her project "Thesis".
    func withAnasThesis(
        _ backend: TestBackend, _ body: (PomoDatabase, Stores, User, Project) async throws -> Void
    ) async throws {
        try await withDatabase(try await TestDatabases.open(backend)) { database in
            let stores = Stores.sql(database)
            let ana = try await stores.users.create(newUser("ana"))
            let thesis = try await stores.projects.personal(named: "Thesis", userId: ana.id, at: epoch)
            try await body(database, stores, ana, thesis)
        }
    }

    /// The totals rows a session rewrites are updated in place (heap-only tuples): no indexed
    /// column changes and their pages keep room (M0014), so a session adds no index entries for
    /// them and their old versions are reclaimed on the page. `pg_stat_get_xact_*` count this
    /// transaction's own updates.
    @Test(arguments: postgres)
    func totalsRowsAreRewrittenInPlace(_ backend: TestBackend) async throws {
        try await withAnasThesis(backend) { database, stores, ana, thesis in
            // setup: the user's totals rows exist
            _ = try await insert(completed(ana.id, project: thesis, start: epoch), stores)

            // MUT: the next session's totals, in a transaction that then reads its own counts
            let next = completed(ana.id, project: thesis, start: epoch + 1800)
            let counts = try await database.write { db in
                try await SQLFocusTotals.apply(before: nil, after: next, on: db)
                var counts: [String: Int] = [:]
                for table in ["focus_user_totals", "focus_day_totals"] {
                    let row = try await db.raw(
                        """
                        SELECT pg_stat_get_xact_tuples_updated(\(bind: table)::regclass) AS updated,
                            pg_stat_get_xact_tuples_hot_updated(\(bind: table)::regclass) AS hot
                        """
                    ).first()
                    counts[table] = try row?.decode(column: "updated", as: Int.self)
                    counts[table + " in place"] = try row?.decode(column: "hot", as: Int.self)
                }
                return counts
            }

            // validate: all, category, project, hour and source rows; the day's row
            #expect(counts["focus_user_totals"] ?? 0 >= 4)
            #expect(counts["focus_user_totals in place"] == counts["focus_user_totals"])
            #expect(counts["focus_day_totals"] ?? 0 >= 1)
            #expect(counts["focus_day_totals in place"] == counts["focus_day_totals"])
        }
    }

    @Test(arguments: postgres)
    func aSessionOnAnActiveDayTakesOneStatementAndWritesWhatATransactionWrites(_ backend: TestBackend)
        async throws
    {
        try await withAnasThesis(backend) { database, stores, ana, thesis in
            // setup
            // The day's first completed session makes it active: a transaction, for the streak.
            let first = try await insert(completed(ana.id, project: thesis, start: epoch), stores)
            let before = try #require(database.postgresStatistics)

            // MUT: more sessions on that day and key, a replay, a cancelled one
            var written = [first.session]
            for index in 1...5 {
                written.append(
                    try await insert(completed(ana.id, project: thesis, start: epoch + Double(index) * 1800), stores)
                        .session)
            }
            let replay = try await insert(written[3], stores)
            var cancelled = completed(ana.id, project: thesis, start: epoch + 12_000)
            cancelled.status = .cancelled
            cancelled.pof = nil
            written.append(try await insert(cancelled, stores).session)
            let after = try #require(database.postgresStatistics)

            // validate
            // Five completed sessions and the cancelled one in a statement each; only the replay
            // took a transaction (its insert was refused: the uuid is taken).
            #expect(after.singleStatements - before.singleStatements == 7)
            #expect(after.transactions - before.transactions == 1)
            #expect(replay == .unchanged(written[3]))
            #expect(try await FocusTotalsMaintenance.check(database) == [])
            for session in written {
                let stored = try #require(try await stores.sessions.find(uuid: session.uuid, userId: ana.id))
                #expect(stored == session)
                let data = try await database.read { db in
                    try await db.raw("SELECT data FROM change_events WHERE entity_id = \(bind: session.uuid)").all()
                        .map { try $0.decode(column: "data", as: String.self) }
                }
                #expect(data == [PomodoroDTO(stored).jsonText()])
            }
        }
    }

    /// A day whose row has no completed session left (its only one deleted) takes the
    /// transaction again, and joins the streaks again.
    @Test(arguments: postgres)
    func aDayEmptiedByADeleteTakesTheTransactionAgain(_ backend: TestBackend) async throws {
        try await withAnasThesis(backend) { database, stores, ana, thesis in
            // setup
            let only = try await insert(completed(ana.id, project: thesis, start: epoch), stores).session
            _ = try await stores.sessions.delete(id: only.id, userId: ana.id, at: epoch + 2000)
            let before = try #require(database.postgresStatistics)

            // MUT
            _ = try await insert(completed(ana.id, project: thesis, start: epoch + 3600), stores)

            // validate
            #expect(try #require(database.postgresStatistics).transactions - before.transactions == 1)
            #expect(try await FocusTotalsMaintenance.check(database) == [])
            #expect(try await runs(of: ana.id, database) == [1])
        }
    }

    /// The day's row is gone by the time the statement locks it (here a rebuild that empties the
    /// totals commits meanwhile): the statement inserts the row, and the day joins the streaks
    /// in a transaction of its own.
    @Test(arguments: postgres)
    func aDayRowGoneMeanwhileStillJoinsTheStreaks(_ backend: TestBackend) async throws {
        try await withAnasThesis(backend) { database, stores, ana, thesis in
            // setup
            let only = try await insert(completed(ana.id, project: thesis, start: epoch), stores).session

            // MUT: the totals emptied in a transaction that commits while the next insert waits
            // for the day's row; the first session goes with them, so the totals stay true.
            let (deleted, announce) = AsyncStream<Void>.makeStream()
            let emptied = Task {
                try await database.write { db in
                    try await db.raw("DELETE FROM focus_sessions WHERE id = \(bind: only.id)").run()
                    for table in ["focus_day_totals", "focus_user_totals", "focus_streaks"] {
                        try await db.raw("DELETE FROM \(unsafeRaw: table)").run()
                    }
                    // Deleted, not committed: the insert below sees the rows and waits for this.
                    announce.yield()
                    try await Task.sleep(for: .seconds(1))
                }
            }
            for await _ in deleted { break }
            let next = try await insert(completed(ana.id, project: thesis, start: epoch + 3600), stores).session
            try await emptied.value

            // validate
            #expect(try await stores.sessions.find(uuid: next.uuid, userId: ana.id) == next)
            #expect(try await FocusTotalsMaintenance.check(database) == [])
            #expect(try await runs(of: ana.id, database) == [1])
        }
    }

    /// A template runs as a statement prepared on its connection: with NULL where a value was
    /// before and back (each shape a statement of its own), and still after another pomod
    /// changed the table it reads with `*`.
    @Test(arguments: postgres)
    func keptStatementsAnswerWithNullsAndAfterASchemaChange(_ backend: TestBackend) async throws {
        // One connection, so every statement below meets the ones kept before it.
        let database = try await PomoDatabase.openPostgres(
            url: try await TestDatabases.freshLocation(backend), poolSize: 1, logger: TestDatabases.logger)
        try await withDatabase(database) { database in
            // setup
            let read = SQLTemplate(binds: 2) { v in
                "SELECT * FROM kept WHERE id = COALESCE(\(v[0]), id) AND name = COALESCE(\(v[1]), name) ORDER BY id"
            }
            try await database.write { db in
                try await db.raw("CREATE TABLE kept (id BIGINT PRIMARY KEY, name TEXT, rating INTEGER)").run()
                try await db.raw("INSERT INTO kept VALUES (1, 'one', 3), (2, 'two', NULL)").run()
            }
            func ids(_ id: Int64?, _ name: String?) async throws -> [Int64] {
                try await database.read { db in
                    try await read.raw(on: db, [id, name]).all().map {
                        try $0.decode(column: "id", as: Int64.self)
                    }
                }
            }
            let insert = SQLTemplate(binds: 3) { v in "INSERT INTO kept (id, name, rating) VALUES (\(SQLList(v)))" }

            // MUT
            var answers = [
                try await ids(1, nil), try await ids(nil, "two"), try await ids(nil, nil), try await ids(2, "two"),
            ]
            // An INTEGER column that took NULL first and then a 64-bit value.
            try await database.write { db in try await insert.raw(on: db, [Int64(3), "three", Int?.none]).run() }
            try await database.write { db in try await insert.raw(on: db, [Int64(4), "four", 7]).run() }
            let prepared = try await database.read { db in
                try await db.raw("SELECT COUNT(*) AS kept FROM pg_prepared_statements WHERE name LIKE 'pomo_%'")
                    .first()!
                    .decode(column: "kept", as: Int.self)
            }
            try await database.write { db in try await db.raw("ALTER TABLE kept ADD COLUMN added TEXT").run() }
            answers.append(try await ids(nil, nil))

            // validate
            #expect(answers == [[1], [2], [1, 2], [2], [1, 2, 3, 4]])
            #expect(prepared > 0)
            let ratings = try await database.read { db in
                try await db.raw("SELECT rating FROM kept WHERE id IN (3, 4) ORDER BY id").all()
                    .map { try $0.decode(column: "rating", as: Int?.self) }
            }
            #expect(ratings == [nil, 7])
        }
    }

    /// Kept statements' rows decode Pomo's column types themselves: the same values PostgresKit's
    /// rows give, NULL included, and its error for a column that is not there.
    @Test(arguments: postgres)
    func keptRowsDecodeWhatPostgresKitDecodes(_ backend: TestBackend) async throws {
        try await withDatabase(try await TestDatabases.open(backend)) { database in
            // setup
            let sql = """
                SELECT 7::int4 AS i4, 9000000000::int8 AS i8, 1.5::float8 AS d, true AS b, 'été'::text AS s,
                    'v'::varchar AS v, NULL::int8 AS n, NULL::text AS ns
                """
            let template = SQLTemplate(binds: 0) { _ in SQLQueryString(sql) }
            func decoded(_ row: any SQLRow) throws -> [String] {
                [
                    "\(try row.decode(column: "i4", as: Int.self))", "\(try row.decode(column: "i4", as: Int64.self))",
                    "\(try row.decode(column: "i8", as: Int64.self))",
                    "\(try row.decode(column: "i8", as: Int?.self)!)",
                    "\(try row.decode(column: "d", as: Double.self))", "\(try row.decode(column: "b", as: Bool.self))",
                    try row.decode(column: "s", as: String.self), try row.decode(column: "v", as: String?.self)!,
                    "\(try row.decode(column: "n", as: Int64?.self) as Any)",
                    "\(try row.decode(column: "ns", as: String?.self) as Any)",
                    "\(try row.decode(column: "n", as: Double?.self) as Any)", "\(try row.decodeNil(column: "n"))",
                    "\(row.contains(column: "absent"))", "\(row.allColumns)",
                    "\((try? row.decode(column: "absent", as: Int.self)) as Any)",
                ]
            }

            // MUT
            let (kept, kit) = try await database.read { db in
                (try await template.raw(on: db, []).first()!, try await db.raw(SQLQueryString(sql)).first()!)
            }

            // validate
            #expect(kept is PostgresFastRow)
            #expect(try decoded(kept) == decoded(kit))
        }
    }
}
