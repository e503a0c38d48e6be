import Foundation
import PomoCore
import PomoTestSupport
import SQLKit
import Testing

@testable import PomoStore

/// M0009 moves the team notifications still waiting into the outbox, and starts the outbox
/// cursor at the end of the log, so that webhooks hear of nothing that happened before them.
@Suite struct WebhookOutboxMigrationTests {
    @Test(arguments: TestBackend.available)
    func pendingTeamNotificationsMoveIntoTheOutbox(_ backend: TestBackend) async throws {
        try await withDatabase(try await TestDatabases.open(backend, migrate: false)) { database in
            try await Migrator(migrations: Array(Migrations.all.prefix(8))).migrate(database)
            let user = try await SQLUserStore(database: database).create(newUser("ana"))
            let project = try await Fixtures.insertTeamProject(
                database, ownerId: user.id, members: [user.id], name: "Site")
            try await database.write { db in
                try await db.raw(
                    """
                    INSERT INTO webhooks (uuid, user_id, team_id, project_id, url, secret, events, is_active, created_at,
                        updated_at)
                    SELECT 'hook-1', \(bind: user.id), team_id, id, 'http://127.0.0.1:9/hook', 's', 'session.*', \(bind: true), 0, 0
                    FROM projects WHERE id = \(bind: project)
                    """
                ).run()
                for (status, text) in [("pending", #"ana started 25 min on "Site""#), ("delivered", "old news")] {
                    try await db.raw(
                        """
                        INSERT INTO notifications (team_id, project_id, user_id, event, text, url, status, attempts,
                            next_attempt_at, created_at, updated_at)
                        SELECT team_id, id, \(bind: user.id), 'session.planned', \(bind: text), 'http://127.0.0.1:9/hook',
                            \(bind: status), 2, 5000, 1000, 1000
                        FROM projects WHERE id = \(bind: project)
                        """
                    ).run()
                }
                try await SQLChangeLog.append(
                    .preferences, "updated", id: "p", userId: user.id, data: nil, at: Date(), on: db)
            }
            try await Migrator().migrate(database)
            let moved = try await database.read { db in
                try await db.raw("SELECT kind, payload, status, attempts, next_attempt_at FROM webhook_deliveries")
                    .all()
            }
            #expect(moved.count == 1)
            let row = try #require(moved.first)
            #expect(try row.decode(column: "kind", as: String.self) == "session.planned")
            #expect(
                try row.decode(column: "payload", as: String.self)
                    == #"{"event":"session.planned","text":"ana started 25 min on \"Site\""}"#)
            #expect(try row.decode(column: "status", as: String.self) == "pending")
            #expect(try row.decode(column: "attempts", as: Int.self) == 2)
            #expect(try row.decode(column: "next_attempt_at", as: Int64.self) == 5000)
            let cursor = try await SQLWebhookStore(database: database).outboxCursor()
            #expect(cursor == (try await SQLChangeFeedStore(database: database).end()))
            #expect(cursor != .start)
        }
    }
}

/// M0011 counts the task dimension from the sessions stored before it.
@Suite struct TaskTotalsMigrationTests {
    @Test(arguments: TestBackend.available)
    func sessionsOnTasksAreCountedOnce(_ backend: TestBackend) async throws {
        try await withDatabase(try await TestDatabases.open(backend, migrate: true)) { database in
            let user = try await SQLUserStore(database: database).create(newUser("ana"))
            let store = SQLFocusSessionStore(database: database)
            let taskId = try await Fixtures.insertTaskRow(database, userId: user.id, uuid: "t-1")
            for offset in 0..<3 {
                let start = Date(timeIntervalSince1970: 1_763_800_000 + Double(offset) * 3600)
                var session = FocusSession(
                    uuid: "s-\(offset)", userId: user.id, kind: .work, status: .completed, timezone: "UTC",
                    localDate: "2025-11-22", startedAt: start, createdAt: start)
                session.taskId = taskId
                session.taskUUID = "t-1"
                session.durationMinutes = 25
                session.endedAt = start.addingTimeInterval(1500)
                _ = try await store.create(session)
            }
            // As a database from before the task dimension: its rows are not there.
            try await database.write { db in
                try await db.raw("DELETE FROM focus_user_totals WHERE dimension = 'task'").run()
            }
            #expect(try await FocusTotalsMaintenance.check(database).count == 1)
            try await database.write { db in try await M0011TaskTotals().apply(on: db, SQLFlavor(db)) }
            #expect(try await FocusTotalsMaintenance.check(database).isEmpty)
            let counted = try await SQLFocusStatsStore(database: database).totals(userId: user.id, .task)
            #expect(counted["t-1"]?.completed == 3 && counted["t-1"]?.minutes == 75)
        }
    }
}
