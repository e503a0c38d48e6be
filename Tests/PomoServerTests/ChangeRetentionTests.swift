import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoTestSupport
import SQLKit
import Testing

@testable import PomoServer
@testable import PomoStore

/// `POMO_CHANGE_RETENTION_DAYS`: the housekeeper removes changes older than it, and a sync feed
/// or event stream resumed from before the last change removed is refused (410, TaskWorks'
/// shape) instead of silently skipping what was removed; one resumed after it, or a feed read
/// from the start, reads what is kept.
@Suite struct ChangeRetentionTests {
    @Test(arguments: TestBackend.available)
    func aCursorFromBeforeThePrunedChangesIsRefused(_ backend: TestBackend) async throws {
        try await TestApp.runWithDatabase(backend, testing: .live) { client, database in
            // setup: three changes logged 40 days ago, then a submit today
            let port = try #require(client.port)
            let token = try await client.accessToken("ana")
            let auth = bearer(token)
            try await Self.logTaskCreated(["old0", "old1", "old2"], daysAgo: 40, by: "ana", database)
            #expect(
                try await client.send(.post, "/api/pomodoro/submit", body: gameSubmitBody(), headers: auth).status
                    == .created)
            let logged = try await ChangeFeedTests.feed(client, auth).items
            let old = logged.filter { ($0["entity_id"] as? String)?.hasPrefix("old") == true }
                .compactMap { $0["cursor"] as? String }
            let young = logged.filter { ($0["entity_id"] as? String)?.hasPrefix("old") != true }
                .compactMap { $0["cursor"] as? String }
            try #require(old.count == 3 && young.count >= 2)

            // MUT: the housekeeper, keeping 30 days
            try await Self.pruneChanges(olderThanDays: 30, database)

            // validate: the feed keeps today's changes; a cursor before the last one removed is refused
            #expect(try await ChangeFeedTests.feed(client, auth).items.compactMap { $0["cursor"] as? String } == young)
            let expired = try await client.send(.get, "/api/v1/changes?since=\(old[0])", headers: auth)
            #expect(expired.status == .gone, "\(expired)")
            #expect(expired.json["code"] as? String == "CURSOR_EXPIRED")
            #expect((expired.json["context"] as? [String: Any])?["oldest"] as? String == old[2])
            let after = try await ChangeFeedTests.feed(client, auth, since: old[2]).items
            #expect(after.compactMap { $0["cursor"] as? String } == young.filter { $0 > old[2] })
            // The event stream likewise, before it begins: a stream cannot turn into an error.
            let refused = try EventStreamClient(port: port, token: token, lastEventId: old[1])
            for _ in 0..<250 where !refused.text.contains("\r\n\r\n") { try await Task.sleep(for: .milliseconds(20)) }
            #expect(refused.text.hasPrefix("HTTP/1.1 410"), "\(refused.text)")
            refused.close()
            let resumed = try EventStreamClient(port: port, token: token, lastEventId: old[2])
            #expect(try await resumed.next { $0.id != nil } != nil, "\(resumed.text)")
            #expect(resumed.text.hasPrefix("HTTP/1.1 200"))
            resumed.close()
        }
    }

    /// `task.created` changes of `ids` by `username`, logged `daysAgo` days ago.
    static func logTaskCreated(_ ids: [String], daysAgo: Double, by username: String, _ database: PomoDatabase)
        async throws
    {
        let user = try await database.read { db in
            try await db.raw("SELECT id FROM users WHERE username = \(bind: username)").first()?.decode(
                column: "id", as: Int64.self)
        }
        for id in ids {
            try await database.write { db in
                try await SQLChangeLog.append(
                    .task, "created", id: id, userId: try #require(user), data: nil,
                    at: Date().addingTimeInterval(-daysAgo * 86_400), on: db)
            }
        }
    }

    /// The housekeeper's pass with a change retention of `days`, once webhooks have taken every
    /// change (their dispatcher moves the outbox's cursor as it goes).
    static func pruneChanges(olderThanDays days: Int, _ database: PomoDatabase) async throws {
        let end = try await SQLChangeFeedStore(database: database).end()
        try await database.write { db in
            try await db.raw(
                "UPDATE webhook_outbox SET tx = \(bind: end.transaction), change_id = \(bind: end.id)"
            ).run()
        }
        await Housekeeper(
            housekeeping: SQLHousekeeping(database: database), clock: SystemClock(), logger: TestDatabases.logger,
            changeRetention: TimeInterval(days) * 86_400
        ).purge()
    }
}
