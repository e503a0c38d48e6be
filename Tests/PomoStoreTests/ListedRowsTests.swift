import Foundation
import PomoTestSupport
import PomoWire
import SQLKit
import Synchronization
import Testing

@testable import PomoCore
@testable import PomoStore

/// Each row a store's `scan` hands over, as `write` writes it: bytes, not text (a `String` made
/// of them would repair invalid UTF-8 itself).
func scanned(
    _ write: @escaping @Sendable (any ColumnRow, inout JSONWriter) throws -> Void,
    _ scan: (@escaping @Sendable (any ColumnRow) throws -> Void) async throws -> Void
) async throws -> [[UInt8]] {
    let written = Mutex<[[UInt8]]>([])
    try await scan { row in
        var writer = JSONWriter()
        try write(row, &writer)
        let bytes = writer.bytes
        written.withLock { $0.append(bytes) }
    }
    return written.withLock { $0 }
}

func expectSame(_ rows: [[UInt8]], _ expected: [[UInt8]], _ what: String) {
    #expect(rows.count == expected.count, "\(what)")
    for (row, item) in zip(rows, expected) {
        #expect(row == item, "\(String(decoding: row, as: UTF8.self))")
    }
}

/// A history page is written from the rows `scan` hands over, not from the sessions `list`
/// builds: on each database, every row of every page must write the bytes its listed session's
/// DTO writes, rows the server never writes itself included (an unknown kind or status, a score
/// without its factors, text that is not UTF-8).
@Suite struct ListedSessionRowsTests {
    @Test(arguments: TestBackend.available)
    func everyScannedRowWritesWhatItsListedSessionWrites(_ backend: TestBackend) async throws {
        try await withDatabase(try await TestDatabases.open(backend)) { database in
            let users = SQLUserStore(database: database)
            let store = SQLFocusSessionStore(database: database)
            let ana = try await users.create(newUser("ana"))
            let ben = try await users.create(newUser("ben"))
            let taskId = try await Fixtures.insertTaskRow(database, userId: ana.id, uuid: "task \"one\" / 🍅")
            var generator = SplitMix64(seed: 20_261_206)
            var ids: [Int64] = []
            for index in 0..<80 {
                var session = Self.randomSession(index, userId: ana.id, using: &generator)
                if index % 3 == 0 {
                    session.taskId = taskId
                    session.taskUUID = "task \"one\" / 🍅"
                }
                ids.append(try await store.create(session).id)
            }
            _ = try await store.create(Self.randomSession(0, userId: ben.id, using: &generator))
            let odd = ids
            try await database.write { db in
                try await db.raw("UPDATE focus_sessions SET kind = 'nap', status = 'paused' WHERE id = \(bind: odd[1])")
                    .run()
                try await db.raw(
                    "UPDATE focus_sessions SET pof_score = 77, pof_factors = NULL WHERE id = \(bind: odd[2])"
                ).run()
                if backend == .sqlite {
                    try await db.raw(
                        "UPDATE focus_sessions SET uuid = CAST(X'66FF6F22' AS TEXT) WHERE id = \(bind: odd[4])"
                    )
                    .run()
                }
            }
            let all = try await store.list(userId: ana.id, SessionQuery(limit: 100))
            #expect(all.count == 80)
            var queries = [SessionQuery(limit: 100), SessionQuery(limit: 1), SessionQuery(limit: 7)]
            queries.append(SessionQuery(after: SessionCursor(startedAt: all[10].startedAt, id: all[10].id), limit: 20))
            queries.append(SessionQuery(limit: 100, statuses: [.completed, .cancelled], kinds: [.work]))
            queries.append(SessionQuery(limit: 100, from: all[40].startedAt, to: all[5].startedAt))
            for query in queries {
                let expected = try await store.list(userId: ana.id, query).map { session in
                    var writer = JSONWriter()
                    PomodoroDTO(session).write(to: &writer)
                    return writer.bytes
                }
                let rows = try await scanned(PomodoroDTO.write(listed:to:)) { body in
                    try await store.scan(userId: ana.id, query, body)
                }
                expectSame(rows, expected, "\(query)")
            }
        }
    }

    /// A session with a value of its own in each listed column, or none where it may have none.
    static func randomSession(_ index: Int, userId: Int64, using generator: inout SplitMix64) -> FocusSession {
        let start = Date(timeIntervalSince1970: 1_763_800_000 + Double(index / 2) * 3_600 + 0.125 * Double(index % 5))
        let status: SessionStatus =
            index == 0 ? .active : [.completed, .cancelled, .expired].randomElement(using: &generator)!
        var session = FocusSession(
            uuid: index % 7 == 3 ? "uuid \\ \"\(index)\"\n\u{1}é" : UUID().uuidString.lowercased(), userId: userId,
            kind: SessionKind.allCases.randomElement(using: &generator)!, status: status, timezone: "Europe/Paris",
            localDate: "2025-11-22", startedAt: start, createdAt: start.addingTimeInterval(-0.5))
        let minutes: [Double] = [25, 25.5, 0.8, 0.1 + 0.2, 90, 1e-7]
        if Bool.random(using: &generator) { session.plannedMinutes = minutes.randomElement(using: &generator) }
        if Bool.random(using: &generator) { session.durationMinutes = minutes.randomElement(using: &generator) }
        if Bool.random(using: &generator) { session.scheduledEndAt = start.addingTimeInterval(1_500.25) }
        if status != .active, Bool.random(using: &generator) { session.endedAt = start.addingTimeInterval(1_499.999) }
        session.notificationSent = Bool.random(using: &generator)
        session.evaluationSubmitted = Bool.random(using: &generator)
        session.updatedAt = start.addingTimeInterval(Double(index))
        if status == .completed, Bool.random(using: &generator) {
            session.pof = ProofOfFocus.score(
                durationMinutes: minutes.randomElement(using: &generator)!, plannedMinutes: 25, planning: .matched,
                onTime: Bool.random(using: &generator), source: "mac_app")
        }
        return session
    }
}

/// The Time Magic list is written from the rows `scan` hands over, not from the entries
/// `entries` builds: on each database, every row of every page writes the bytes its entry does.
@Suite struct ListedEntryRowsTests {
    @Test(arguments: TestBackend.available)
    func everyScannedRowWritesWhatItsEntryWrites(_ backend: TestBackend) async throws {
        try await withDatabase(try await TestDatabases.open(backend)) { database in
            let users = SQLUserStore(database: database)
            let store = SQLTimeEntryStore(database: database)
            let ana = try await users.create(newUser("ana"))
            let ben = try await users.create(newUser("ben"))
            let taskId = try await Fixtures.insertTaskRow(database, userId: ana.id, uuid: "task / \"1\"")
            let activityId = try await database.write { db in
                try await db.raw(
                    """
                    INSERT INTO activities (uuid, user_id, name, activity_type, state, created_at, updated_at)
                    VALUES ('activity-ü', \(bind: ana.id), 'Reading', 'other', 'active', 0, 0) RETURNING id
                    """
                ).first()!.decode(column: "id", as: Int64.self)
            }
            let comments = ["", "Work", "quote \" backslash \\ / slash", "Fokus 🍅 — naïve", "tab\tnew\nline\u{1}"]
            var generator = SplitMix64(seed: 20_261_207)
            for index in 0..<70 {
                let begin = Date(
                    timeIntervalSince1970: 1_763_800_000 + Double(index / 2) * 600 + 0.25 * Double(index % 3))
                let resource: TimeEntryResource? =
                    switch index % 3 {
                    case 0: TimeEntryResource(kind: .task, id: taskId, uuid: "task / \"1\"")
                    case 1: TimeEntryResource(kind: .activity, id: activityId, uuid: "activity-ü")
                    default: nil
                    }
                // One running entry, unattached: a task or activity has at most one.
                let running = index == 2
                let entry = TimeEntry(
                    id: 0, uuid: "entry-\(index)", userId: index == 69 ? ben.id : ana.id, resource: resource,
                    focusSessionId: nil, begin: begin, end: running ? nil : begin.addingTimeInterval(1_500.5),
                    durationSeconds: running ? nil : Int64.random(in: 0...100_000, using: &generator),
                    comment: Bool.random(using: &generator) ? comments.randomElement(using: &generator) : nil,
                    createdAt: begin, updatedAt: begin.addingTimeInterval(Double(index)))
                _ = try await store.insert(entry)
            }
            let all = try await store.entries(userId: ana.id, after: nil, limit: 100)
            #expect(all.count == 69)
            let pages: [(EntryCursor?, Int)] = [
                (nil, 100), (nil, 1), (nil, 10), (EntryCursor(begin: all[20].begin, id: all[20].id), 15),
            ]
            for (after, limit) in pages {
                let previous = after.flatMap { cursor in all.first { $0.id == cursor.id } }
                let expected = try await store.entries(userId: ana.id, after: previous, limit: limit).map { entry in
                    var writer = JSONWriter()
                    TimeMagicEntryList.write(entry, to: &writer)
                    return writer.bytes
                }
                let rows = try await scanned(TimeMagicEntryList.write(listed:to:)) { body in
                    try await store.scan(userId: ana.id, after: after, limit: limit, body)
                }
                expectSame(rows, expected, "\(limit)")
            }
        }
    }
}
