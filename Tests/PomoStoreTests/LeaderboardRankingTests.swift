import Foundation
import PomoTestSupport
import SQLKit
import Testing

@testable import PomoCore
@testable import PomoStore

/// The database ranks the leaderboard as the Swift code that loaded every user's row ranked it:
/// same order (ties by username in byte order), same ranks, counts, gaps and rank changes, for
/// every caller, metric, period and limit, over users with many ties.
@Suite struct LeaderboardRankingTests {
    static let names = [
        "Zed", "adam", "_under", "b.cd", "b-cd", "9lives", "Bob", "alice", "a_bc", "a.bc", "A-cd", "zoe",
        "Mia", "mia2", "xyz", "X1y", "Quo", "quo_", "carl", "Carla", "dora", "D.ora", "eve", "Eve2",
    ]
    static let zones = ["UTC", "Europe/Berlin", "America/New_York"]

    @Test(arguments: TestBackend.available)
    func theStoreRanksAsEveryRowRankedInSwift(_ backend: TestBackend) async throws {
        try await withDatabase(try await TestDatabases.open(backend)) { database in
            // setup: a byte-order-blind collation on PostgreSQL, where the server has one, so a
            // ranking that forgot to ask for byte order sorts "alice" before "Bob" and fails.
            if backend == .postgres {
                try await database.write { db in
                    if try await db.raw("SELECT 1 FROM pg_collation WHERE collname = 'en-x-icu'").first() != nil {
                        try await db.raw(#"ALTER TABLE users ALTER COLUMN username TYPE TEXT COLLATE "en-x-icu""#)
                            .run()
                    }
                }
            }
            let clock = ManualClock(Date(timeIntervalSince1970: 1_773_230_400))  // Wednesday 2026-03-11 12:00 UTC
            var random = SplitMix64(seed: 0x1EAD_0001)
            let stores = Stores.sql(database)
            var users: [User] = []
            var sessions: [Int64: [FocusSession]] = [:]
            for (index, name) in Self.names.enumerated() {
                let zone = Self.zones[index % Self.zones.count]
                var user = try await stores.users.create(
                    NewUser(
                        username: name, email: "u\(index)@example.com", passwordHash: "x", timezone: zone,
                        subscriptionActiveUntil: nil, createdAt: History.origin))
                user.preferences.publicLeaderboard = random.next() % 3 != 0
                try await stores.users.setPreferences(
                    userId: user.id, user.preferences, timezone: zone, at: History.origin)
                users.append(user)
                // A few sessions this week, last week and long ago, of two lengths and half
                // points for a cancelled one: sums are exact, and ties are many.
                for (days, count) in [(0.0, random.next() % 4), (7, random.next() % 4), (200, random.next() % 3)] {
                    for n in 0..<count {
                        let start = clock.now().addingTimeInterval(-days * 86_400 - Double(n + 1) * 4 * 3_600)
                        let minutes: Double = random.next() % 2 == 0 ? 25 : 50
                        var session = FocusSession(
                            uuid: UUID().uuidString, userId: user.id, kind: .work, status: .active, timezone: zone,
                            localDate: LocalDate.string(for: start, timezone: zone), startedAt: start,
                            createdAt: start)
                        let cancelled = random.next() % 4 == 0
                        session = History.finished(
                            session, minutes: cancelled ? 50 : minutes,
                            end: start.addingTimeInterval(minutes * 60), cancelled: cancelled)
                        let done = session
                        _ = try await stores.sessions.write(uuid: done.uuid) { _ in .insert(done) }
                        sessions[user.id, default: []].append(done)
                    }
                }
            }
            let store = SQLLeaderboardStore(database: database)
            let service = LeaderboardService(store: store, clock: clock)

            // MUT and validate: every caller, metric, period and a few limits
            var compared = 0
            for caller in users {
                for period in LeaderboardPeriod.allCases {
                    let spans = period.spans(today: clock.now(), timezone: caller.timezone)
                    let current = Self.rows(users, sessions, span: spans.current)
                    let previous = spans.previous.map { Self.rows(users, sessions, span: $0) }
                    for metric in LeaderboardMetric.allCases {
                        for limit in [1, 2, 5, 100] {
                            let actual = try await service.leaderboard(
                                for: caller, period: period, metric: metric, limit: limit, includeRank: true)
                            let expected = ReferenceLeaderboard.answer(
                                current: current, previous: previous, metric: metric, caller: caller.id,
                                limit: limit)
                            let context = "\(caller.username) \(period) \(metric) \(limit)"
                            #expect(actual.entries.map(\.summary) == expected.entries, "\(context)")
                            #expect(actual.userRank == expected.userRank, "\(context)")
                            #expect(actual.totalUsers == expected.totalUsers, "\(context)")
                            #expect(actual.publicUsers == expected.publicUsers, "\(context)")
                            compared += 1
                        }
                    }
                }
            }
            #expect(compared == Self.names.count * 4 * 3 * 4)
        }
    }

    /// A kept ranking is read again after any commit: this pomod's, and another process's on the
    /// same database (another instance, or `pomod user` beside a running server).
    @Test(arguments: TestBackend.available)
    func aKeptRankingGoesWithTheNextCommitOfAnyConnection(_ backend: TestBackend) async throws {
        let location = try await TestDatabases.freshLocation(backend)
        let database = try await TestDatabases.open(backend, at: location)
        let other = try await TestDatabases.open(backend, at: location, migrate: false)
        try await withDatabase(database) { database in
            try await withDatabase(other) { other in
                // setup: ana 2 sessions, ben 1, both public
                let stores = Stores.sql(database)
                var users: [User] = []
                for name in ["ana", "ben"] {
                    var user = try await stores.users.create(
                        NewUser(
                            username: name, email: "\(name)@example.com", passwordHash: "x", timezone: "UTC",
                            subscriptionActiveUntil: nil, createdAt: History.origin))
                    user.preferences.publicLeaderboard = true
                    try await stores.users.setPreferences(
                        userId: user.id, user.preferences, timezone: "UTC", at: History.origin)
                    users.append(user)
                }
                var start = History.origin
                func complete(_ user: User) async throws {
                    start = start.addingTimeInterval(3_600)
                    let session = History.finished(
                        FocusSession(
                            uuid: UUID().uuidString, userId: user.id, kind: .work, status: .active, timezone: "UTC",
                            localDate: LocalDate.string(for: start, timezone: "UTC"), startedAt: start, createdAt: start
                        ),
                        minutes: 25, end: start.addingTimeInterval(1_500), cancelled: false)
                    _ = try await stores.sessions.write(uuid: session.uuid) { _ in .insert(session) }
                }
                try await complete(users[0])
                try await complete(users[0])
                try await complete(users[1])
                let store = SQLLeaderboardStore(database: database)
                func names() async throws -> [String] {
                    try await store.standing(
                        from: nil, to: nil, metric: .sessions, callerId: users[1].id, top: 5,
                        version: try await store.version()
                    ).rows
                        .map(\.row.username)
                }
                #expect(try await names() == ["ana", "ben"])
                #expect(
                    try await store.latestRuns(userIds: [users[1].id], version: try await store.version())[users[1].id]?
                        .days == 1)

                // MUT and validate: a commit of this process (ben works the next day too), then one
                // of another connection
                start = start.addingTimeInterval(86_400)
                try await complete(users[1])
                try await complete(users[1])
                #expect(try await names() == ["ben", "ana"])
                #expect(
                    try await store.latestRuns(userIds: [users[1].id], version: try await store.version())[users[1].id]?
                        .days == 2)
                var ana = users[0]
                ana.preferences.publicLeaderboard = false
                try await SQLUserStore(database: other).setPreferences(
                    userId: ana.id, ana.preferences, timezone: "UTC", at: History.origin)
                #expect(try await names() == ["ben"])
            }
        }
    }

    /// What is kept stays within its budget, and only for its version.
    @Test func keptAnswersStayWithinTheirBudgetAndVersion() {
        let kept = KeptAtVersion<Int, [Int]>(budget: 10) { $0.count }
        kept.keep([1, 2, 3, 4], for: 1, version: "a")
        kept.keep([1, 2, 3, 4], for: 2, version: "a")
        #expect(kept.value(for: 1, version: "a") == [1, 2, 3, 4])
        // 11 > 10: it starts over with the newest.
        kept.keep([1, 2, 3], for: 3, version: "a")
        #expect(kept.value(for: 1, version: "a") == nil)
        #expect(kept.value(for: 3, version: "a") == [1, 2, 3])
        #expect(kept.value(for: 3, version: "b") == nil)
        kept.keep([9], for: 4, version: "b")
        #expect(kept.value(for: 3, version: "a") == nil)
        #expect(kept.value(for: 4, version: "b") == [9])
    }

    /// M0013 reads who opted in from the preferences stored before the column existed.
    @Test(arguments: TestBackend.available)
    func theMigrationCopiesTheOptInFromThePreferences(_ backend: TestBackend) async throws {
        try await withDatabase(try await TestDatabases.open(backend, migrate: false)) { database in
            // setup: three users at version 12, one opted in, one out, one never asked
            try await Migrator(migrations: Array(Migrations.all.prefix(12))).migrate(database)
            let users = SQLUserStore(database: database)
            var ids: [String: Int64] = [:]
            for (name, preferences) in [
                ("inside", #"{"public_leaderboard":true,"theme_preference":"dark"}"#),
                ("outside", #"{"public_leaderboard":false}"#), ("unasked", "{}"),
            ] {
                let user = try await users.create(
                    NewUser(
                        username: name, email: "\(name)@example.com", passwordHash: "x", timezone: "UTC",
                        subscriptionActiveUntil: nil, createdAt: History.origin))
                try await database.write { db in
                    try await db.raw("UPDATE users SET preferences = \(bind: preferences) WHERE id = \(bind: user.id)")
                        .run()
                }
                ids[name] = user.id
            }

            // MUT
            try await Migrator().migrate(database)

            // validate
            let opted = try await database.read { db in
                try await db.raw("SELECT username, public_leaderboard FROM users ORDER BY id").all().map {
                    "\(try $0.decode(column: "username", as: String.self))=\(try $0.decode(column: "public_leaderboard", as: Bool.self))"
                }
            }
            #expect(opted == ["inside=true", "outside=false", "unasked=false"])
        }
    }

    /// Each user's totals over a span of local dates (nil: all time), from the sessions themselves.
    static func rows(_ users: [User], _ sessions: [Int64: [FocusSession]], span: (String, String)?)
        -> [LeaderboardRow]
    {
        users.compactMap { user in
            let inSpan = (sessions[user.id] ?? []).filter { session in
                span.map { session.localDate >= $0.0 && session.localDate <= $0.1 } ?? true
            }
            guard !inSpan.isEmpty else { return nil }
            let done = inSpan.filter { $0.status == .completed }
            return LeaderboardRow(
                userId: user.id, username: user.username, isPublic: user.preferences.publicLeaderboard,
                points: inSpan.reduce(0) { $0 + ($1.pof?.points ?? 0) }, sessions: done.count,
                minutes: done.reduce(0) { $0 + ($1.durationMinutes ?? 0) })
        }
    }
}

/// The leaderboard as it was computed before the store ranked it: every active user's row of the
/// span loaded and sorted in Swift.
enum ReferenceLeaderboard {
    static func value(_ row: LeaderboardRow, _ metric: LeaderboardMetric) -> Double {
        switch metric {
        case .points: row.points
        case .sessions: Double(row.sessions)
        case .minutes: row.minutes
        }
    }

    /// Best first; ties by username.
    static func ranked(_ rows: [LeaderboardRow], _ metric: LeaderboardMetric) -> [LeaderboardRow] {
        rows.sorted { (value($0, metric), $1.username) > (value($1, metric), $0.username) }
    }

    static func visible(_ ranked: [LeaderboardRow], to caller: Int64) -> [LeaderboardRow] {
        ranked.filter { $0.isPublic || $0.userId == caller }
    }

    /// What `LeaderboardStore.standing` answers, from every row.
    static func standing(_ rows: [LeaderboardRow], metric: LeaderboardMetric, callerId: Int64, top: Int)
        -> LeaderboardStanding
    {
        let visible = visible(ranked(rows, metric), to: callerId)
        return LeaderboardStanding(
            rows: visible.enumerated().filter { $0.offset < top + 1 || $0.element.userId == callerId }
                .map { ($0.offset + 1, $0.element) },
            totalUsers: rows.count, publicUsers: rows.filter(\.isPublic).count, participants: visible.count)
    }

    struct Answer {
        var entries: [String]
        var userRank: UserRank?
        var totalUsers: Int
        var publicUsers: Int
    }

    /// The service's answer as it was computed, streaks aside.
    static func answer(
        current: [LeaderboardRow], previous: [LeaderboardRow]?, metric: LeaderboardMetric, caller: Int64, limit: Int
    ) -> Answer {
        let all = ranked(current, metric)
        let ranked = visible(all, to: caller)
        let listed = ranked.enumerated().filter { $0.element.isPublic }
        let entries = listed.prefix(limit).map { index, row in
            LeaderboardEntry(rank: index + 1, row: row, streak: 0, isCurrentUser: row.userId == caller).summary
        }
        var userRank: UserRank?
        if let index = ranked.firstIndex(where: { $0.userId == caller }) {
            var change = "0"
            if let previous {
                let before = visible(Self.ranked(previous, metric), to: caller)
                if let old = before.firstIndex(where: { $0.userId == caller }) {
                    change = old > index ? "+\(old - index)" : old < index ? "-\(index - old)" : "0"
                }
            }
            let total = ranked.count
            userRank = UserRank(
                currentRank: index + 1, totalParticipants: total,
                percentile: total <= 1 ? 100 : ((Double(total - index - 1) / Double(total - 1)) * 1000).rounded() / 10,
                rankChange: change,
                pointsBehindLeader: ((ranked[0].points - ranked[index].points) * 10).rounded() / 10)
        }
        return Answer(entries: entries, userRank: userRank, totalUsers: all.count, publicUsers: listed.count)
    }
}

extension LeaderboardEntry {
    /// Everything but the streak, which the streak tests cover.
    var summary: String { "\(rank)|\(row.rounded)|\(isCurrentUser)" }
}

extension LeaderboardStanding {
    var rounded: String {
        rows.map { "\($0.position):\($0.row.rounded)" }.joined(separator: ",")
            + "|\(totalUsers)|\(publicUsers)|\(participants)"
    }
}
