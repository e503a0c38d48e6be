import Foundation
import Logging
import PomoTestSupport
import SQLKit
import Testing

@testable import PomoStore

/// Pomo's own SQLite connection, on real files: values round-trip as SQLiteKit stored them,
/// kept statements give each run its own values, errors say what SQLite said and leave the
/// connection usable.
@Suite struct SQLiteLinkTests {
    private func open() async throws -> (SQLiteLinkDatabase, String) {
        let path = try TestDatabases.temporaryDirectory() + "/link.sqlite"
        return (SQLiteLinkDatabase(link: try await SQLiteLink.open(path: path), logger: TestDatabases.logger), path)
    }

    @Test func valuesRoundTripThroughAFile() async throws {
        let (db, path) = try await open()
        try await db.raw("CREATE TABLE t (i INTEGER, d REAL, s TEXT, b INTEGER, n TEXT, x BLOB)").run()
        let text = "Fokus 🍅 — naïve \"quoted\" 'single'"
        let bytes: [UInt8] = [0, 1, 2, 255, 0]
        for (i, d) in [(Int64.max, 0.1), (Int64.min, -2.5e300), (0, 0)] {
            try await db.raw(
                "INSERT INTO t VALUES (\(bind: i), \(bind: d), \(bind: text), \(bind: true), \(bind: String?.none), \(bind: bytes))"
            ).run()
        }
        await db.link.close()

        let reopened = SQLiteLinkDatabase(link: try await SQLiteLink.open(path: path), logger: TestDatabases.logger)
        let rows = try await reopened.raw("SELECT * FROM t ORDER BY i").all()
        #expect(try rows.map { try $0.decode(column: "i", as: Int64.self) } == [Int64.min, 0, Int64.max])
        #expect(try rows.map { try $0.decode(column: "d", as: Double.self) } == [-2.5e300, 0, 0.1])
        for row in rows {
            #expect(try row.decode(column: "s", as: String.self) == text)
            #expect(try row.decode(column: "b", as: Bool.self))
            #expect(try row.decodeNil(column: "n"))
            #expect(try row.decode(column: "n", as: String?.self) == nil)
            #expect(try row.decode(column: "x", as: [UInt8].self) == bytes)
            #expect(row.allColumns == ["i", "d", "s", "b", "n", "x"])
        }
        #expect(throws: DecodingError.self) { try rows[0].decode(column: "missing", as: Int.self) }
        await reopened.link.close()
    }

    @Test func aKeptStatementRunsWithEachRunsOwnValues() async throws {
        let (db, _) = try await open()
        try await db.raw("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)").run()
        for id in 0..<40 { try await db.raw("INSERT INTO t VALUES (\(bind: id), \(bind: "n\(id)"))").run() }
        for id in (0..<40).reversed() {
            let name = try await db.raw("SELECT name FROM t WHERE id = \(bind: id)").first()?
                .decode(column: "name", as: String.self)
            #expect(name == "n\(id)")
        }
        // More distinct statements than the cache keeps: it starts over and stays correct.
        for count in 1...(SQLiteLink.statementCapacity + 20) {
            let ids = Array(0..<(count % 40 + 1))
            let sql =
                "SELECT COUNT(*) AS c FROM t WHERE id IN (\(ids.map(String.init).joined(separator: ","))) AND \(count) = \(count)"
            let counted = try await db.raw(SQLQueryString(sql)).first()?.decode(column: "c", as: Int.self)
            #expect(counted == ids.count)
        }
        #expect(await db.link.preparedCount <= SQLiteLink.statementCapacity)
        await db.link.close()
    }

    @Test func errorsSaySQLitesReasonAndLeaveTheConnectionUsable() async throws {
        let (db, _) = try await open()
        try await db.raw("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)").run()
        try await db.raw("INSERT INTO t (name) VALUES (\(bind: "ana"))").run()
        do {
            try await db.raw("INSERT INTO t (name) VALUES (\(bind: "ana"))").run()
            Issue.record("a duplicate name was stored")
        } catch {
            #expect(SQLErrors.isUniqueViolation(error))
            #expect(String(describing: error).contains("UNIQUE constraint failed: t.name"))
        }
        await #expect(throws: SQLiteFailure.self) { try await db.raw("SELEKT 1").run() }
        do {
            try await db.raw("SELECT * FROM missing").run()
            Issue.record("a missing table was read")
        } catch let failure as SQLiteFailure {
            #expect(failure.message.contains("no such table: missing"))
            #expect(!SQLErrors.isUniqueViolation(failure))
        }
        // A statement given fewer values than it has placeholders is refused, not run with
        // whatever the last run bound.
        await #expect(throws: SQLiteFailure.self) {
            try await db.raw(SQLQueryString("SELECT * FROM t WHERE name = ?")).run()
        }
        try await db.raw("INSERT INTO t (name) VALUES (\(bind: "ben"))").run()
        #expect(try await db.raw("SELECT COUNT(*) AS c FROM t").first()?.decode(column: "c", as: Int.self) == 2)
        await db.link.close()
        await #expect(throws: SQLiteFailure.self) { try await db.raw("SELECT 1").run() }
    }

    /// Statements run on the caller's thread and on the queue take turns on one connection.
    @Test func callersAndTheQueueTakeTurns() async throws {
        let (db, _) = try await open()
        try await db.raw("CREATE TABLE t (id INTEGER PRIMARY KEY, owner INTEGER)").run()
        var here = db
        here.runsHere = true
        let inline = here
        try await withThrowingTaskGroup(of: Void.self) { group in
            for owner in 0..<16 {
                group.addTask {
                    let connection = owner.isMultiple(of: 2) ? inline : db
                    for _ in 0..<10 {
                        try await connection.raw("INSERT INTO t (owner) VALUES (\(bind: owner))").run()
                    }
                    let mine = try await connection.raw("SELECT COUNT(*) AS c FROM t WHERE owner = \(bind: owner)")
                        .first()?.decode(column: "c", as: Int.self)
                    #expect(mine == 10)
                }
            }
            try await group.waitForAll()
        }
        #expect(try await inline.raw("SELECT COUNT(*) AS c FROM t").first()?.decode(column: "c", as: Int.self) == 160)
        await db.link.close()
    }

    @Test func manyTasksShareOneConnection() async throws {
        let (db, _) = try await open()
        try await db.raw("CREATE TABLE t (id INTEGER PRIMARY KEY, owner INTEGER)").run()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for owner in 0..<32 {
                group.addTask {
                    for _ in 0..<10 { try await db.raw("INSERT INTO t (owner) VALUES (\(bind: owner))").run() }
                    let mine = try await db.raw("SELECT COUNT(*) AS c FROM t WHERE owner = \(bind: owner)").first()?
                        .decode(column: "c", as: Int.self)
                    #expect(mine == 10)
                }
            }
            try await group.waitForAll()
        }
        #expect(try await db.raw("SELECT COUNT(*) AS c FROM t").first()?.decode(column: "c", as: Int.self) == 320)
        await db.link.close()
    }
}
