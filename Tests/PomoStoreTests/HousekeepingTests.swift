import Foundation
import PomoCore
import PomoTestSupport
import SQLKit
import Testing

@testable import PomoStore

/// Expired rows go; live ones stay. The attack grew a database from 262 KB to 108 MB with failed
/// logins, and nothing ever removed throttle windows, expired refresh tokens or web sessions.
@Suite struct HousekeepingTests {
    @Test(arguments: TestBackend.available)
    func purgeRemovesOnlyWhatHasExpired(_ backend: TestBackend) async throws {
        try await withDatabase(try await TestDatabases.open(backend)) { database in
            // setup
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let ms = Timestamp.milliseconds(now)
            let stores = Stores.sql(database)
            let user = try await stores.users.create(
                NewUser(
                    username: "ana", email: "ana@example.com", passwordHash: "x", timezone: "UTC",
                    subscriptionActiveUntil: nil, createdAt: now))
            for (key, start) in [("old", ms - 7_200_000), ("live", ms - 60_000)] {
                _ = try await SQLRateLimitStore(database: database).hit(key: key, windowStart: start)
            }
            for (jti, expiry) in [("gone", now.addingTimeInterval(-1)), ("kept", now.addingTimeInterval(60))] {
                try await stores.tokens.saveRefreshToken(
                    RefreshTokenRecord(
                        jti: jti, userId: user.id, issuedAt: now.addingTimeInterval(-100), expiresAt: expiry))
                try await stores.tokens.revokeAccessToken(jti: jti, expiresAt: expiry)
                try await stores.tokens.saveWebSession(
                    WebSession(digest: jti, userId: user.id, createdAt: now.addingTimeInterval(-100), expiresAt: expiry)
                )
            }

            let hook = try await SQLWebhookStore(database: database).create(
                userId: user.id, url: "http://127.0.0.1:9/", events: ["*"], active: true, secret: "s", at: now)
            let old = ms - Int64(SQLHousekeeping.deliveryHistory * 1000) - 1
            for (status, updated) in [("delivered", old), ("failed", old), ("pending", old), ("delivered", ms)] {
                try await database.write { db in
                    try await db.raw(
                        """
                        INSERT INTO webhook_deliveries (uuid, webhook_id, kind, payload, status, attempts, created_at,
                            updated_at)
                        VALUES (\(bind: UUID().uuidString), \(bind: hook.id), 'x', '{}', \(bind: status), 1, 0, \(bind: updated))
                        """
                    ).run()
                }
            }

            // MUT
            let purged = try await SQLHousekeeping(database: database).purge(at: now)

            // validate
            #expect(
                purged == .init(rateLimits: 1, refreshTokens: 1, revokedTokens: 1, webSessions: 1, webhookDeliveries: 2)
            )
            #expect(
                try await SQLWebhookStore(database: database).deliveries(webhookId: hook.id, before: nil, limit: 10)
                    .map(\.status) == [.delivered, .pending])
            let keys = try await database.read { db in
                try await db.raw("SELECT key FROM rate_limits").all().map {
                    try $0.decode(column: "key", as: String.self)
                }
            }
            #expect(keys == ["live"])
            #expect(try await stores.tokens.isAccessTokenRevoked(jti: "kept"))
            #expect(!(try await stores.tokens.isAccessTokenRevoked(jti: "gone")))
            #expect(try await stores.tokens.findWebSession(digest: "kept", at: now) != nil)
            #expect(try await SQLHousekeeping(database: database).purge(at: now).total == 0)
        }
    }

    /// A backlog goes in batches, each in a transaction of its own: one statement over millions
    /// of rows held the writer for as long and brought every key back at once.
    @Test(arguments: TestBackend.available)
    func aBacklogIsPurgedInBatches(_ backend: TestBackend) async throws {
        try await withDatabase(try await TestDatabases.open(backend)) { database in
            // setup: five throttle windows long past, one live
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let ms = Timestamp.milliseconds(now)
            let limits = SQLRateLimitStore(database: database)
            for index in 0..<5 { _ = try await limits.hit(key: "old\(index)", windowStart: ms - 7_200_000) }
            _ = try await limits.hit(key: "live", windowStart: ms - 60_000)
            let before = Self.transactions(database)

            // MUT
            let purged = try await SQLHousekeeping(database: database, batch: 2).purge(at: now)

            // validate: 2, 2 and 1 windows, then one statement for each other table
            #expect(purged == .init(rateLimits: 5))
            #expect(Self.transactions(database) - before == 3 + 4)
            #expect(try await SQLHousekeeping(database: database, batch: 2).purge(at: now).total == 0)
        }
    }

    static func transactions(_ database: PomoDatabase) -> Int {
        database.writeStatistics?.transactions ?? database.postgresStatistics?.transactions ?? 0
    }

    /// The change log loses only changes older than the cutoff that the webhook outbox has
    /// taken, a batch at a time from its head, and keeps the cursor of the last one removed.
    @Test(arguments: TestBackend.available)
    func changesGoWhenOldAndTakenByTheOutbox(_ backend: TestBackend) async throws {
        try await withDatabase(try await TestDatabases.open(backend)) { database in
            // setup: five changes 40 days old, two of today; the outbox has taken four
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let user = try await SQLUserStore(database: database).create(newUser("ana")).id
            let ages = [Double](repeating: -40 * 86_400, count: 5) + [0, 0]
            for (index, age) in ages.enumerated() {
                try await database.write { db in
                    try await SQLChangeLog.append(
                        .task, "created", id: "t\(index)", userId: user, data: nil, at: now + age, on: db)
                }
            }
            let feed = SQLChangeFeedStore(database: database)
            let logged = try await feed.changes(after: .start, limit: 100).map(\.cursor)
            try #require(logged.count == 7)
            @Sendable func outbox(_ cursor: ChangeCursor) async throws {
                try await database.write { db in
                    try await db.raw(
                        "UPDATE webhook_outbox SET tx = \(bind: cursor.transaction), change_id = \(bind: cursor.id)"
                    ).run()
                }
            }
            try await outbox(logged[3])
            let housekeeping = SQLHousekeeping(database: database, batch: 2)
            #expect(try await feed.prunedThrough() == nil)

            // MUT
            let pruned = try await housekeeping.pruneChanges(before: now.addingTimeInterval(-30 * 86_400))

            // validate: the fifth old one waits for the outbox, today's stay
            #expect(pruned == 4)
            #expect(try await feed.prunedThrough() == logged[3])
            #expect(try await feed.changes(after: .start, limit: 100).map(\.cursor) == Array(logged[4...]))
            try await outbox(logged[6])
            #expect(try await housekeeping.pruneChanges(before: now.addingTimeInterval(-30 * 86_400)) == 1)
            #expect(try await feed.prunedThrough() == logged[4])
            #expect(try await feed.changes(after: .start, limit: 100).map(\.cursor) == Array(logged[5...]))
        }
    }
}
