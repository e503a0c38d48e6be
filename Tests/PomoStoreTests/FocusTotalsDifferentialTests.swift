import Foundation
import PomoCore
import PomoTestSupport
import SQLKit
import Testing

@testable import PomoStore

/// The maintained totals answer exactly what the whole history answered before: stats, reports,
/// leaderboard, project totals, devices and streaks, computed both ways over random histories
/// (several zones, DST changes, replays, cancellations, evaluations, breaks, every write path).
@Suite struct FocusTotalsDifferentialTests {
    static let zones = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Pacific/Auckland", "UTC"]

    @Test(arguments: TestBackend.available)
    func totalsAnswerWhatTheHistoryAnswers(_ backend: TestBackend) async throws {
        try await withDatabase(try await TestDatabases.open(backend)) { database in
            // setup
            var random = SplitMix64(seed: 0x5EED_0001)
            let stores = Stores.sql(database)
            var users: [User] = []
            for (index, zone) in Self.zones.enumerated() {
                let user = try await stores.users.create(
                    NewUser(
                        username: "user\(index)", email: "user\(index)@example.com", passwordHash: "x",
                        timezone: zone, subscriptionActiveUntil: nil, createdAt: History.origin))
                var preferences = user.preferences
                preferences.publicLeaderboard = index % 2 == 0
                try await stores.users.setPreferences(
                    userId: user.id, preferences, timezone: zone, at: History.origin)
                users.append(user)
            }

            // MUT: every write path of the session store
            var projects: [Int64: [Project]] = [:]
            for user in users {
                for name in ["Thesis", "Client", "Garden"] {
                    projects[user.id, default: []].append(
                        try await stores.projects.personal(named: name, userId: user.id, at: History.origin))
                }
                try await History.write(
                    sessions: 260, for: user, projects: projects[user.id]!, into: stores.sessions, &random)
            }

            // validate
            let stats = SQLFocusStatsStore(database: database)
            let reports = SQLReportStore(database: database)
            for user in users {
                let sessions = try await History.finishedWork(of: user, stores.sessions)
                #expect(sessions.count > 150)
                // And the day after the latest active day, where a current streak runs.
                let latest = sessions.filter { $0.status == .completed }.map(\.localDate).max()!
                let dayAfter = LocalDate.bounds(of: latest, timezone: TimeZone(identifier: user.timezone)!)!.end
                for now in History.nows + [dayAfter.addingTimeInterval(3600)] {
                    let expected = UserStats.compute(sessions, timezone: user.timezone, now: now)
                    let snapshot = try await stats.snapshot(
                        userId: user.id, firstDay: UserStats.firstDayRead(timezone: user.timezone, now: now))
                    let actual = UserStats.compute(snapshot, timezone: user.timezone, now: now)
                    #expect(actual.rounded == expected.rounded, "\(user.timezone) at \(now)")
                }
                for grouping in ReportGrouping.allCases {
                    let expected = History.report(sessions, from: "2025-03-01", to: "2025-11-30", by: grouping)
                    let actual = try await reports.summary(
                        userId: user.id, from: "2025-03-01", to: "2025-11-30", by: grouping)
                    #expect(actual.map(\.rounded) == expected.map(\.rounded), "\(grouping)")
                }
                try await History.expectDimensions(of: sessions, userId: user.id, stats)
                try await expectRecount(userId: user.id, database)
            }
            let leaderboard = SQLLeaderboardStore(database: database)
            for (from, to) in [
                (String?.none, String?.none), ("2025-10-20", "2025-10-26"), ("2025-03-01", "2025-03-31"),
            ] {
                var expected: [LeaderboardRow] = []
                for (index, user) in users.enumerated() {
                    let sessions = try await History.finishedWork(of: user, stores.sessions).filter { session in
                        session.localDate >= (from ?? "") && session.localDate <= (to ?? "9999")
                    }
                    guard !sessions.isEmpty else { continue }
                    let done = sessions.filter { $0.status == .completed }
                    expected.append(
                        LeaderboardRow(
                            userId: user.id, username: user.username, isPublic: index % 2 == 0,
                            points: sessions.reduce(0) { $0 + ($1.pof?.points ?? 0) }, sessions: done.count,
                            minutes: done.reduce(0) { $0 + ($1.durationMinutes ?? 0) }))
                }
                for caller in users {
                    for metric in LeaderboardMetric.allCases {
                        for top in [0, 1, 3] {
                            let actual = try await leaderboard.standing(
                                from: from, to: to, metric: metric, callerId: caller.id, top: top,
                                version: try await leaderboard.version())
                            let reference = ReferenceLeaderboard.standing(
                                expected, metric: metric, callerId: caller.id, top: top)
                            #expect(actual.rounded == reference.rounded, "\(from ?? "all") \(metric) \(top)")
                        }
                    }
                }
            }
            let runs = try await leaderboard.latestRuns(
                userIds: users.map(\.id), version: try await leaderboard.version())
            for user in users {
                let days = try await History.finishedWork(of: user, stores.sessions).filter { $0.status == .completed }
                    .map(\.localDate)
                #expect(runs[user.id] == StreakRun.runs(of: days).last)
            }

            // A deleted project's work reads as no project, as its sessions' now do.
            let gone = projects[users[0].id]![0]
            try await WorkspaceStores.sql(database).projects.delete(projectId: gone.id)
            let sessions = try await History.finishedWork(of: users[0], stores.sessions)
            #expect(sessions.contains { $0.projectId == nil })
            #expect(
                try await reports.summary(userId: users[0].id, from: "2024-01-01", to: "2026-12-31", by: .project)
                    .map(\.rounded)
                    == History.report(sessions, from: "2024-01-01", to: "2026-12-31", by: .project).map(\.rounded))
            #expect(try await FocusTotalsMaintenance.check(database) == [])
            let summaries = try await SQLProjectStatsStore(database: database).summaries(userId: users[0].id)
            for summary in summaries {
                let done = sessions.filter { $0.status == .completed && $0.projectId == summary.project.id }
                #expect(summary.sessions == done.count)
                #expect(abs(summary.minutes - done.reduce(0) { $0 + ($1.durationMinutes ?? 0) }) < 1e-6)
                #expect(summary.lastUsed == done.compactMap(\.endedAt).max())
            }
        }
    }

    /// The migration that introduces the totals adds up a history written before them.
    @Test(arguments: TestBackend.available)
    func theBackfillEqualsTheMaintainedTotals(_ backend: TestBackend) async throws {
        try await withDatabase(try await TestDatabases.open(backend)) { database in
            // setup
            var random = SplitMix64(seed: 0x5EED_0002)
            let stores = Stores.sql(database)
            var users: [User] = []
            for (index, zone) in Self.zones.prefix(3).enumerated() {
                let user = try await stores.users.create(
                    NewUser(
                        username: "b\(index)", email: "b\(index)@example.com", passwordHash: "x", timezone: zone,
                        subscriptionActiveUntil: nil, createdAt: History.origin))
                let project = try await stores.projects.personal(named: "P", userId: user.id, at: History.origin)
                try await History.write(sessions: 120, for: user, projects: [project], into: stores.sessions, &random)
                users.append(user)
            }
            let maintained = try await Self.tables(database)
            try await database.write { db in
                for table in ["focus_day_totals", "focus_user_totals", "focus_streaks"] {
                    try await db.raw("DELETE FROM \(unsafeRaw: table)").run()
                }
            }

            // MUT
            try await database.write { db in try await SQLFocusTotals.backfill(on: db) }

            // validate
            let backfilled = try await Self.tables(database)
            #expect(backfilled.count == maintained.count)
            #expect(backfilled == maintained)
            for user in users { try await expectRecount(userId: user.id, database) }
            // The check sees a total that drifted from the sessions.
            let drifting = users[1].id
            try await database.write { db in
                try await db.raw(
                    "UPDATE focus_user_totals SET minutes = minutes + 1 WHERE user_id = \(bind: drifting) AND dimension = 'all'"
                ).run()
            }
            let differences = try await FocusTotalsMaintenance.check(database)
            #expect(differences.count == 1)
            #expect(differences.first?.hasPrefix("user \(users[1].id) all :") == true)
        }
    }

    /// Sessions completed at once on neighbouring days (an offline queue catching up) still make
    /// one run: on PostgreSQL each transaction would otherwise miss the others' days.
    @Test(arguments: TestBackend.available)
    func concurrentCompletionsOnNeighbouringDaysMakeOneRun(_ backend: TestBackend) async throws {
        try await withDatabase(try await TestDatabases.open(backend)) { database in
            // setup
            let stores = Stores.sql(database)
            let user = try await stores.users.create(
                NewUser(
                    username: "queue", email: "queue@example.com", passwordHash: "x", timezone: "UTC",
                    subscriptionActiveUntil: nil, createdAt: History.origin))
            let sessions = stores.sessions

            // MUT: thirty days' sessions written at once
            try await withThrowingTaskGroup(of: Void.self) { group in
                for day in 0..<30 {
                    group.addTask {
                        let start = History.origin.addingTimeInterval(Double(day) * 86_400 + 3_600)
                        var session = FocusSession(
                            uuid: "q-\(day)", userId: user.id, kind: .work, status: .active, timezone: "UTC",
                            localDate: LocalDate.string(for: start, timezone: "UTC"), startedAt: start, createdAt: start
                        )
                        session = History.finished(
                            session, minutes: 25, end: start.addingTimeInterval(1_500), cancelled: false)
                        let done = session
                        _ = try await sessions.write(uuid: done.uuid) { _ in .insert(done) }
                    }
                }
                try await group.waitForAll()
            }

            // validate
            let store = SQLLeaderboardStore(database: database)
            let runs = try await store.latestRuns(userIds: [user.id], version: try await store.version())
            #expect(runs[user.id]?.days == 30)
            #expect(try await FocusTotalsMaintenance.check(database) == [])
        }
    }

    /// Every row of the three tables, numbers to six decimals, in order.
    static func tables(_ database: PomoDatabase) async throws -> [String] {
        try await database.read { db in
            var rows: [String] = []
            for row in try await db.raw(
                """
                SELECT user_id, local_date, project_id, category, completed, cancelled, minutes, completed_points,
                    cancelled_points FROM focus_day_totals ORDER BY user_id, local_date, project_id, category
                """
            ).all() {
                rows.append(
                    [
                        "\(try row.decode(column: "user_id", as: Int64.self))",
                        try row.decode(column: "local_date", as: String.self),
                        "\(try row.decode(column: "project_id", as: Int64.self))",
                        try row.decode(column: "category", as: String.self),
                        "\(try row.decode(column: "completed", as: Int.self))",
                        "\(try row.decode(column: "cancelled", as: Int.self))",
                        String(format: "%.6f", try row.decode(column: "minutes", as: Double.self)),
                        String(format: "%.6f", try row.decode(column: "completed_points", as: Double.self)),
                        String(format: "%.6f", try row.decode(column: "cancelled_points", as: Double.self)),
                    ].joined(separator: "|"))
            }
            for row in try await db.raw(
                "SELECT user_id, dimension, key FROM focus_user_totals ORDER BY user_id, dimension, key"
            ).all() {
                let userId = try row.decode(column: "user_id", as: Int64.self)
                let dimension = try row.decode(column: "dimension", as: String.self)
                let key = try row.decode(column: "key", as: String.self)
                let totals = try await db.raw(
                    SQLFocusStatsStore.selectTotals
                        + " WHERE user_id = \(bind: userId) AND dimension = \(bind: dimension) AND key = \(bind: key)"
                ).first().map(FocusTotals.init(row:))!
                rows.append("\(userId)|\(dimension)|\(key)|\(totals.rounded)")
            }
            for row in try await db.raw(
                "SELECT user_id, first_day, last_day, days FROM focus_streaks ORDER BY user_id, first_day"
            ).all() {
                rows.append(
                    "\(try row.decode(column: "user_id", as: Int64.self))|\(try StreakRun(row: row))")
            }
            return rows
        }
    }

    /// The maintained totals of a user equal a recount from their sessions.
    func expectRecount(userId: Int64, _ database: PomoDatabase) async throws {
        let differences = try await database.read { db in
            try await FocusTotalsMaintenance.check(userId: userId, on: db)
        }
        #expect(differences == [])
    }
}

/// Random histories written the way the dialects write them.
enum History {
    /// 2024-01-01 00:00 UTC.
    static let origin = Date(timeIntervalSince1970: 1_704_067_200)
    /// Moments to read stats at: inside a run, just after the spring and autumn DST changes of
    /// 2025 (Europe and America), and on a Monday and the first of a month.
    static let nows = [
        Date(timeIntervalSince1970: 1_743_300_000),  // 2025-03-30 02:00 UTC
        Date(timeIntervalSince1970: 1_761_530_000),  // 2025-10-27
        Date(timeIntervalSince1970: 1_762_128_000),  // 2025-11-03
        Date(timeIntervalSince1970: 1_764_547_200),  // 2025-12-01 00:00 UTC
        Date(timeIntervalSince1970: 1_741_500_000),  // 2025-03-09
    ]
    static let sources = ["regardingwork_web", "taskworks", "pomo_cli", "pomo_server", "focus_app"]
    static let categories: [String?] = ["Writing", "Coding", "Reading", nil, "writing"]

    /// `count` sessions over 2025 (some days dense, some empty), each through one write path.
    static func write(
        sessions count: Int, for user: User, projects: [Project], into store: any FocusSessionStore,
        _ random: inout SplitMix64
    ) async throws {
        for n in 0..<count {
            // Clustered around DST changes (late March, late October) and spread over the year.
            let base = [1_742_700_000, 1_761_300_000, 1_735_700_000 + Int(random.next() % 31_000_000)][n % 3]
            let start = Date(timeIntervalSince1970: Double(base + Int(random.next() % 1_400_000)))
            let minutes = [25.0, 50, 95, 12.5, 30.25, 60][Int(random.next() % 6)]
            let kind: SessionKind = random.next() % 9 == 0 ? .shortBreak : .work
            var session = FocusSession(
                uuid: "\(user.id)-\(n)-\(random.next())", userId: user.id, kind: kind, status: .active,
                timezone: user.timezone, localDate: LocalDate.string(for: start, timezone: user.timezone),
                startedAt: start, createdAt: start)
            session.category = categories[Int(random.next() % UInt64(categories.count))]
            session.projectId = random.next() % 4 == 0 ? nil : projects[Int(random.next() % UInt64(projects.count))].id
            session.source = sources[Int(random.next() % UInt64(sources.count))]
            session.appVersion = random.next() % 3 == 0 ? "app-\(random.next() % 3)" : nil
            session.plannedMinutes = minutes
            let end = start.addingTimeInterval(minutes * 60)
            switch random.next() % 6 {
            case 0, 1:
                // A Game submit of a session never planned: one insert of the finished session,
                // sometimes replayed (unchanged), sometimes evaluated afterwards.
                let done = finished(session, minutes: minutes, end: end, cancelled: random.next() % 5 == 0)
                _ = try await store.write(uuid: done.uuid) { _ in .insert(done) }
                if random.next() % 4 == 0 { _ = try await store.write(uuid: done.uuid) { .unchanged($0 ?? done) } }
                if random.next() % 4 == 0 {
                    _ = try await store.modify(
                        id: try await store.find(uuid: done.uuid, userId: user.id)!.id, userId: user.id
                    ) {
                        $0.evaluationRating = 4
                        $0.updatedAt = end.addingTimeInterval(600)
                    }
                }
            case 2, 3:
                // A TaskWorks, web or CLI timer: started, then completed or cancelled.
                let started = try await store.create(session)
                let cancelled = random.next() % 4 == 0
                _ = try await store.modify(id: started.id, userId: user.id) {
                    $0 = finished($0, minutes: cancelled ? minutes / 2 : minutes, end: end, cancelled: cancelled)
                }
            case 4:
                // A Game plan, then its submit updates the planned row.
                session.status = .planned
                let planned = session
                _ = try await store.write(uuid: session.uuid) { _ in .insert(planned) }
                let done = finished(session, minutes: minutes, end: end, cancelled: false)
                _ = try await store.write(uuid: session.uuid) { existing in
                    // The store asks first as if the uuid were new.
                    guard let existing else { return .insert(done) }
                    var updated = done
                    updated.id = existing.id
                    return .update(updated)
                }
            default:
                // Left to expire: counts nowhere.
                session.status = .planned
                session.expiresAt = start.addingTimeInterval(60)
                let planned = session
                _ = try await store.write(uuid: session.uuid) { _ in .insert(planned) }
                try await store.expireStale(userId: user.id, at: start.addingTimeInterval(120))
            }
        }
    }

    static func finished(_ session: FocusSession, minutes: Double, end: Date, cancelled: Bool) -> FocusSession {
        var session = session
        session.status = cancelled ? .cancelled : .completed
        session.endedAt = end
        session.updatedAt = end
        if cancelled {
            session.pof = ProofOfFocus.cancelled(
                elapsedMinutes: minutes / 2, plannedMinutes: minutes, planning: .matched, source: session.source)
        } else {
            session.durationMinutes = minutes
            session.pof = ProofOfFocus.score(
                durationMinutes: minutes, plannedMinutes: minutes, planning: .notPlanned, onTime: true,
                source: session.source)
        }
        return session
    }

    /// What the stats used to load: every finished work session, newest first.
    static func finishedWork(of user: User, _ store: any FocusSessionStore) async throws -> [FocusSession] {
        try await store.list(
            userId: user.id, SessionQuery(limit: 1_000_000, statuses: [.completed, .cancelled], kinds: [.work]))
    }

    /// The report as the old query computed it, from the sessions.
    static func report(_ sessions: [FocusSession], from: String, to: String, by grouping: ReportGrouping)
        -> [ReportRow]
    {
        let names = ["Thesis", "Client", "Garden"]
        let done = sessions.filter { $0.status == .completed && $0.localDate >= from && $0.localDate <= to }
        return Dictionary(grouping: done) { session -> String in
            switch grouping {
            case .day: session.localDate
            // Projects are made in name order per user, so an id's place names it.
            case .project: session.projectId.map { names[Int(($0 - 1) % 3)] } ?? ""
            case .category: session.category ?? ""
            }
        }.map { key, rows in
            ReportRow(
                key: key, sessions: rows.count, minutes: rows.reduce(0) { $0 + ($1.durationMinutes ?? 0) },
                points: rows.reduce(0) { $0 + ($1.pof?.points ?? 0) })
        }.sorted { $0.key < $1.key }
    }

    /// The analytics and sync answers' groupings, as they were computed from the sessions.
    static func expectDimensions(of sessions: [FocusSession], userId: Int64, _ stats: SQLFocusStatsStore)
        async throws
    {
        let completed = sessions.filter { $0.status == .completed }
        let bySource = Dictionary(grouping: completed) { $0.source ?? "unknown" }.mapValues(\.count)
        #expect(
            try await stats.totals(userId: userId, .source).filter { $0.value.completed > 0 }.mapValues(\.completed)
                == bySource)
        let byCategory = Dictionary(grouping: completed) { $0.category ?? "" }.mapValues(\.count)
        #expect(
            try await stats.totals(userId: userId, .category).filter { $0.value.completed > 0 }.mapValues(\.completed)
                == byCategory)
        let devices = Dictionary(grouping: sessions) { $0.appVersion ?? $0.source ?? "unknown" }.mapValues { items in
            "\(items.first?.source ?? "unknown")|\(Timestamp.milliseconds(items.map(\.updatedAt).max()!))"
        }
        #expect(
            try await stats.totals(userId: userId, .device).mapValues {
                "\($0.lastSource ?? "unknown")|\($0.lastUpdatedAt)"
            } == devices)
        let all = try await stats.totals(userId: userId, .all)[""]
        #expect(all?.completed == completed.count)
        #expect(all?.cancelled == sessions.count - completed.count)
        #expect(all?.lastStartedAt == sessions.first.map { Timestamp.milliseconds($0.startedAt) })
    }
}

/// A small seeded generator, so a failing history can be written again.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension UserStats {
    /// Minutes and points summed in another order differ in the last bits; the answers round them.
    var rounded: UserStats {
        var copy = self
        copy.totalMinutes = (totalMinutes * 1e6).rounded() / 1e6
        return copy
    }
}

extension ReportRow {
    var rounded: String { "\(key)|\(sessions)|" + String(format: "%.6f|%.6f", minutes, points) }
}

extension LeaderboardRow {
    var rounded: String {
        "\(userId)|\(username)|\(isPublic)|\(sessions)|" + String(format: "%.6f|%.6f", minutes, points)
    }
}

extension FocusTotals {
    var rounded: String {
        "\(completed)/\(cancelled)/"
            + String(format: "%.6f/%.6f/%.6f/%.6f", minutes, completedPoints, cancelledPoints, maxMinutes)
            + "/\(weekendCompleted)/\(lastEndedAt)/\(lastUpdatedAt)/\(lastStartedAt)/\(lastSource ?? "-")"
    }

    var isEmptyShare: Bool { completed == 0 && cancelled == 0 }
}
