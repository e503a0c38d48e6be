import Foundation
import PomoCore
import PomoTestSupport
import SQLKit
import Synchronization
import Testing

@testable import PomoStore

/// The change log's feed never skips or repeats a change, also while writes commit out of the
/// order they were numbered in (on PostgreSQL a row's id is taken before its transaction commits:
/// a reader can see 12 before 11).
@Suite struct ChangeLogTests {
    /// A transaction that wrote its change and has not committed holds back the feed: what a
    /// later transaction committed meanwhile is not read past it. Without that, the reader takes
    /// the later change, moves its cursor past it, and never sees the earlier one.
    @Test(arguments: TestBackend.available)
    func aChangeStillCommittingIsNeverSkipped(_ backend: TestBackend) async throws {
        try await withDatabase(try await TestDatabases.open(backend)) { database in
            let user = try await SQLUserStore(database: database).create(newUser("ana")).id
            let feed = SQLChangeFeedStore(database: database)
            let started = AsyncStream<Void>.makeStream()
            let release = AsyncStream<Void>.makeStream()
            @Sendable func append(_ id: String, on db: any SQLDatabase) async throws {
                try await SQLChangeLog.append(.task, "created", id: id, userId: user, data: nil, at: epoch, on: db)
            }

            let first = Task {
                try await database.write { db in
                    try await append("first", on: db)
                    started.continuation.yield()
                    for await _ in release.stream { break }
                }
            }
            for await _ in started.stream { break }
            let second = Task { try await database.write { db in try await append("second", on: db) } }
            if backend == .postgres {
                // PostgreSQL commits the second while the first is still open.
                try await second.value
                let early = try await feed.changes(userId: user, after: .start, limit: 10)
                #expect(early.map(\.entityId) == [], "read past a transaction still running")
            }
            release.continuation.yield()
            try await first.value
            try await second.value
            let all = try await feed.changes(userId: user, after: .start, limit: 10)
            #expect(all.map(\.entityId) == ["first", "second"])
            #expect(all.map(\.cursor) == all.map(\.cursor).sorted())
        }
    }

    /// A transaction left running in another database of the same PostgreSQL server cannot write
    /// here, so it holds nothing back (the server's oldest running transaction would stall the feed
    /// for as long as it runs).
    @Test func aLongTransactionInAnotherDatabaseDoesNotStallTheFeed() async throws {
        guard TestBackend.available.contains(.postgres) else { return }
        let database = try await TestDatabases.open(.postgres)
        let other = try await TestDatabases.open(.postgres)
        let started = AsyncStream<Void>.makeStream()
        let release = AsyncStream<Void>.makeStream()
        let long = Task {
            try await other.write { db in
                // Takes a transaction id, as any write does.
                try await db.raw("SELECT pg_current_xact_id()").run()
                started.continuation.yield()
                for await _ in release.stream { break }
            }
        }
        for await _ in started.stream { break }
        let user = try await SQLUserStore(database: database).create(newUser("ana")).id
        try await database.write { db in
            try await SQLChangeLog.append(.task, "created", id: "here", userId: user, data: nil, at: epoch, on: db)
        }
        let changes = try await SQLChangeFeedStore(database: database).changes(userId: user, after: .start, limit: 10)
        release.continuation.yield()
        try await long.value
        #expect(changes.map(\.entityId) == ["here"])
        await database.close()
        await other.close()
    }

    /// Many writers at once and a reader following the feed the whole time: every change is read
    /// exactly once, in cursor order, and a restart (a new connection pool on the same data)
    /// resumes from the last cursor.
    @Test(arguments: TestBackend.available)
    func aReaderFollowingConcurrentWritersSeesEachChangeOnce(_ backend: TestBackend) async throws {
        let location = try await TestDatabases.freshLocation(backend)
        var database = try await TestDatabases.open(backend, at: location)
        let user = try await SQLUserStore(database: database).create(newUser("ana")).id
        let writers = 8
        let perWriter = 40
        let done = Finished()
        let reader = Task { [database] in
            let feed = SQLChangeFeedStore(database: database)
            var cursor = ChangeCursor.start
            var seen: [String] = []
            while true {
                let finished = done.count.load(ordering: .acquiring) == writers
                let page = try await feed.changes(userId: user, after: cursor, limit: 7)
                for change in page {
                    #expect(cursor < change.cursor)
                    cursor = change.cursor
                    seen.append(change.entityId)
                }
                if finished && page.isEmpty { return (seen, cursor) }
            }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask { [database] in
                    for n in 0..<perWriter {
                        try await database.write { db in
                            try await SQLChangeLog.append(
                                .task, "created", id: "\(writer)-\(n)", userId: user, data: nil, at: epoch, on: db)
                        }
                    }
                    done.count.add(1, ordering: .releasing)
                }
            }
            try await group.waitForAll()
        }
        let (seen, cursor) = try await reader.value
        #expect(seen.count == writers * perWriter)
        #expect(Set(seen).count == seen.count, "a change was read twice")

        // After a restart, the cursor still resumes exactly there.
        await database.close()
        database = try await TestDatabases.open(backend, at: location)
        try await database.write { db in
            try await SQLChangeLog.append(.task, "created", id: "after", userId: user, data: nil, at: epoch, on: db)
        }
        let resumed = try await SQLChangeFeedStore(database: database).changes(userId: user, after: cursor, limit: 10)
        #expect(resumed.map(\.entityId) == ["after"])
        await database.close()
    }
}

/// How many writers have finished, shared with the reader.
private final class Finished: Sendable {
    let count = Atomic<Int>(0)
}
