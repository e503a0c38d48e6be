import Foundation
import PomoCore
import SQLKit
import Synchronization

/// Keeps `focus_day_totals`, `focus_user_totals` and `focus_streaks` equal to the sessions they
/// sum up. Every session write applies its delta here, inside the write's own transaction, so
/// a rolled-back write leaves the totals as they were and an acknowledged one has its totals.
enum SQLFocusTotals {
    /// Applies what one session write changes. A write that touches no finished work session
    /// (a start, a plan, a break) costs nothing here.
    static func apply(before: FocusSession?, after: FocusSession, on db: any SQLDatabase) async throws {
        let delta = FocusTotalsDelta(before: before, after: after)
        guard !delta.isEmpty else { return }
        try await apply(delta, userId: after.userId, on: db)
    }

    static func apply(_ delta: FocusTotalsDelta, userId: Int64, on db: any SQLDatabase) async throws {
        // Days whose row already held a completed session before this write: active already.
        var alreadyActive = Set<String>()
        for chunk in DayRows.sorted(delta).chunked(100) {
            let values = chunk.flatMap { DayRows.values($0.key, $0.value, userId: userId) }
            // RETURNING names no order, so each returned row is matched to its key.
            let added = Dictionary(uniqueKeysWithValues: chunk.map { ($0.key, $0.value.completed) })
            for row in try await dayUpsert(rows: chunk.count).raw(on: db, values).all()
            where try DayRows.heldCompleted(row, added: added) {
                alreadyActive.insert(try row.decode(column: "local_date", as: String.self))
            }
        }
        for chunk in UserRows.sorted(delta).chunked(100) {
            let values = chunk.flatMap { UserRows.values($0.key, $0.value, userId: userId) }
            try await userUpsert(rows: chunk.count).raw(on: db, values).run()
        }
        try await stepStreaks(delta, userId: userId, alreadyActive: alreadyActive, on: db)
    }

    /// The runs of active days after a write whose day rows are upserted: a day that gained its
    /// first completed session joins them, a day that lost its last one may leave them.
    static func stepStreaks(
        _ delta: FocusTotalsDelta, userId: Int64, alreadyActive: Set<String>, on db: any SQLDatabase
    ) async throws {
        for (day, change) in delta.completedDays.sorted(by: { $0.key < $1.key }) where change != 0 {
            if change > 0 {
                if !alreadyActive.contains(day) { try await markActive(day, userId: userId, on: db) }
            } else {
                try await dayMayHaveEnded(day, userId: userId, on: db)
            }
        }
    }

    /// The upserts' SQL is made once per row count (SQLKit would serialize dozens of binds on
    /// every session write, inside the writer's transaction).
    private static let dayUpsert = MultiRowTemplates(width: DayRows.columns.count) { rows in
        "INSERT INTO focus_day_totals (\(DayRows.columnList)) VALUES \(rows) \(DayRows.onConflict) \(DayRows.returning)"
    }

    private static let userUpsert = MultiRowTemplates(width: UserRows.columns.count) { rows in
        "INSERT INTO focus_user_totals (\(UserRows.columnList)) VALUES \(rows) \(UserRows.onConflict)"
    }

    /// `focus_day_totals` rows as a delta writes them: the columns, the values of each row, and
    /// how a row that exists already takes them (added up). Shared with the one-statement insert.
    enum DayRows {
        static let columns = [
            "user_id", "local_date", "project_id", "category", "completed", "cancelled", "minutes",
            "completed_points", "cancelled_points",
        ]
        static let columnList = SQLQueryString(columns.joined(separator: ", "))
        static let onConflict: SQLQueryString = """
            ON CONFLICT (user_id, local_date, project_id, category) DO UPDATE SET
                completed = focus_day_totals.completed + excluded.completed,
                cancelled = focus_day_totals.cancelled + excluded.cancelled,
                minutes = focus_day_totals.minutes + excluded.minutes,
                completed_points = focus_day_totals.completed_points + excluded.completed_points,
                cancelled_points = focus_day_totals.cancelled_points + excluded.cancelled_points
            """
        static let returning: SQLQueryString = "RETURNING local_date, project_id, category, completed"

        /// Rows in key order, so two transactions of one user lock them in the same order.
        static func sorted(_ delta: FocusTotalsDelta) -> [(key: DayTotalsKey, value: FocusTotals)] {
            delta.days.sorted {
                ($0.key.localDate, $0.key.projectId, $0.key.category) < (
                    $1.key.localDate, $1.key.projectId, $1.key.category
                )
            }
        }

        /// Whether the upserted row (`returning`) held completed sessions before this write added
        /// its own: then its day was active already.
        static func heldCompleted(_ row: any SQLRow, added: [DayTotalsKey: Int]) throws -> Bool {
            let key = DayTotalsKey(
                localDate: try row.decode(column: "local_date", as: String.self),
                projectId: try row.decode(column: "project_id", as: Int64.self),
                category: try row.decode(column: "category", as: String.self))
            return try row.decode(column: "completed", as: Int.self) > added[key] ?? 0
        }

        static func values(_ key: DayTotalsKey, _ t: FocusTotals, userId: Int64) -> [any Encodable & Sendable] {
            [
                userId, key.localDate, key.projectId, key.category, t.completed, t.cancelled, t.minutes,
                t.completedPoints, t.cancelledPoints,
            ]
        }
    }

    /// `focus_user_totals` rows as a delta writes them (see `DayRows`).
    enum UserRows {
        static let columns = [
            "user_id", "dimension", "key", "completed", "cancelled", "minutes", "completed_points",
            "cancelled_points", "max_minutes", "weekend_completed", "last_ended_at", "last_updated_at",
            "last_started_at", "last_source",
        ]
        static let columnList = SQLQueryString(columns.joined(separator: ", "))
        static let onConflict: SQLQueryString = """
            ON CONFLICT (user_id, dimension, key) DO UPDATE SET
                completed = focus_user_totals.completed + excluded.completed,
                cancelled = focus_user_totals.cancelled + excluded.cancelled,
                minutes = focus_user_totals.minutes + excluded.minutes,
                completed_points = focus_user_totals.completed_points + excluded.completed_points,
                cancelled_points = focus_user_totals.cancelled_points + excluded.cancelled_points,
                max_minutes = \(later("max_minutes")),
                weekend_completed = focus_user_totals.weekend_completed + excluded.weekend_completed,
                last_ended_at = \(later("last_ended_at")),
                last_updated_at = \(later("last_updated_at")),
                last_source = CASE WHEN excluded.last_started_at > 0
                    AND excluded.last_started_at >= focus_user_totals.last_started_at
                    THEN excluded.last_source ELSE focus_user_totals.last_source END,
                last_started_at = \(later("last_started_at"))
            """

        /// The later of the stored and the new value, in SQL that SQLite and PostgreSQL both read
        /// (the one's MAX(a, b) is the other's GREATEST).
        private static func later(_ column: String) -> SQLQueryString {
            """
            CASE WHEN excluded.\(unsafeRaw: column) > focus_user_totals.\(unsafeRaw: column)
                THEN excluded.\(unsafeRaw: column) ELSE focus_user_totals.\(unsafeRaw: column) END
            """
        }

        static func sorted(_ delta: FocusTotalsDelta) -> [(key: UserTotalsKey, value: FocusTotals)] {
            delta.user.sorted { ($0.key.dimension.rawValue, $0.key.key) < ($1.key.dimension.rawValue, $1.key.key) }
        }

        static func values(_ key: UserTotalsKey, _ t: FocusTotals, userId: Int64) -> [any Encodable & Sendable] {
            [
                userId, key.dimension.rawValue, key.key, t.completed, t.cancelled, t.minutes, t.completedPoints,
                t.cancelledPoints, t.maxMinutes, t.weekendCompleted, t.lastEndedAt, t.lastUpdatedAt,
                t.lastStartedAt, t.lastSource,
            ]
        }
    }

    /// A finished session that leaves some of its keys (deleted, or moved to another category or
    /// project) may have held those keys' extremes (the longest, the latest), which a delta cannot
    /// take back: those keys are counted again from the user's sessions, a page at a time. Only
    /// the sessions page's edits and deletes come here, and only when the stored extreme is the
    /// session's own; submits never do.
    static func sessionLeft(_ before: FocusSession, after: FocusSession?, on db: any SQLDatabase) async throws {
        let mine = FocusTotalsDelta(before: nil, after: before).user
        guard !mine.isEmpty else { return }
        let staying = after.map { Set(FocusTotalsDelta(before: nil, after: $0).user.keys) } ?? []
        var suspects: [UserTotalsKey] = []
        for (key, share) in mine where !staying.contains(key) {
            guard
                let row = try await db.raw(
                    SQLFocusStatsStore.selectTotals
                        + """
                         WHERE user_id = \(bind: before.userId) AND dimension = \(bind: key.dimension.rawValue)
                            AND key = \(bind: key.key)
                        """
                ).first()
            else { continue }
            let stored = try FocusTotals(row: row)
            if (share.maxMinutes > 0 && stored.maxMinutes == share.maxMinutes)
                || (share.lastEndedAt > 0 && stored.lastEndedAt == share.lastEndedAt)
                || stored.lastUpdatedAt == share.lastUpdatedAt || stored.lastStartedAt == share.lastStartedAt
            {
                suspects.append(key)
            }
        }
        guard !suspects.isEmpty else { return }
        let recount = try await recount(userId: before.userId, on: db)
        for key in suspects {
            let totals = recount.user[key] ?? FocusTotals()
            try await db.raw(
                """
                UPDATE focus_user_totals SET max_minutes = \(bind: totals.maxMinutes),
                    last_ended_at = \(bind: totals.lastEndedAt), last_updated_at = \(bind: totals.lastUpdatedAt),
                    last_started_at = \(bind: totals.lastStartedAt), last_source = \(bind: totals.lastSource)
                WHERE user_id = \(bind: before.userId) AND dimension = \(bind: key.dimension.rawValue)
                    AND key = \(bind: key.key)
                """
            ).run()
        }
    }

    /// Deleted tasks' sessions lose their task (the foreign key sets it to NULL): their rows of
    /// the task dimension go, in the deleting transaction.
    static func tasksDeleted(_ rows: [any SQLRow], on db: any SQLDatabase) async throws {
        for row in rows {
            try await db.raw(
                """
                DELETE FROM focus_user_totals WHERE dimension = 'task'
                    AND key = \(bind: try row.decode(column: "uuid", as: String.self))
                """
            ).run()
        }
    }

    /// A deleted project's sessions lose their project (the foreign key sets it to NULL), so its
    /// totals move to "no project" in the same transaction, for every user who worked on it.
    static func projectDeleted(_ projectId: Int64, on db: any SQLDatabase) async throws {
        var deltas: [Int64: FocusTotalsDelta] = [:]
        for row in try await db.raw(
            """
            SELECT user_id, local_date, category, completed, cancelled, minutes, completed_points, cancelled_points
            FROM focus_day_totals WHERE project_id = \(bind: projectId)
            """
        ).all() {
            let totals = try FocusTotals(dayRow: row)
            let key = DayTotalsKey(
                localDate: try row.decode(column: "local_date", as: String.self), projectId: 0,
                category: try row.decode(column: "category", as: String.self))
            deltas[try row.decode(column: "user_id", as: Int64.self), default: FocusTotalsDelta()].days[key] = totals
        }
        for row in try await db.raw(
            SQLFocusStatsStore.selectTotals + " WHERE dimension = 'project' AND key = \(bind: String(projectId))"
        ).all() {
            deltas[try row.decode(column: "user_id", as: Int64.self), default: FocusTotalsDelta()]
                .user[UserTotalsKey(.project, "0")] = try FocusTotals(row: row)
        }
        for (userId, delta) in deltas.sorted(by: { $0.key < $1.key }) {
            try await apply(delta, userId: userId, on: db)
        }
        try await db.raw("DELETE FROM focus_day_totals WHERE project_id = \(bind: projectId)").run()
        try await db.raw(
            "DELETE FROM focus_user_totals WHERE dimension = 'project' AND key = \(bind: String(projectId))"
        ).run()
    }

    /// A day with a completed session joins the run of days before and after it. Runs only grow
    /// this way, one new active day at a time, so each step reads a few rows by key.
    static func markActive(_ day: String, userId: Int64, on db: any SQLDatabase) async throws {
        guard let number = CivilDay.number(day) else { return }
        // Two transactions of one user cannot both get here at once on PostgreSQL: each has just
        // upserted the user's `all` row, whose row lock holds the second until the first commits,
        // so its reads below see the first's run (concurrentCompletionsOnNeighbouringDaysMakeOneRun).
        let covering = try await db.raw(
            """
            SELECT last_day FROM focus_streaks WHERE user_id = \(bind: userId) AND first_day <= \(bind: day)
            ORDER BY first_day DESC LIMIT 1
            """
        ).first().map { try $0.decode(column: "last_day", as: String.self) }
        if let covering, covering >= day { return }
        let before = CivilDay.string(number - 1)
        let after = CivilDay.string(number + 1)
        let previous = try await db.raw(
            "SELECT first_day, days FROM focus_streaks WHERE user_id = \(bind: userId) AND last_day = \(bind: before)"
        ).first().map {
            (try $0.decode(column: "first_day", as: String.self), try $0.decode(column: "days", as: Int.self))
        }
        let next = try await db.raw(
            "SELECT last_day, days FROM focus_streaks WHERE user_id = \(bind: userId) AND first_day = \(bind: after)"
        ).first().map {
            (try $0.decode(column: "last_day", as: String.self), try $0.decode(column: "days", as: Int.self))
        }
        if next != nil {
            try await db.raw("DELETE FROM focus_streaks WHERE user_id = \(bind: userId) AND first_day = \(bind: after)")
                .run()
        }
        let first = previous?.0 ?? day
        let last = next?.0 ?? day
        let days = (previous?.1 ?? 0) + 1 + (next?.1 ?? 0)
        if previous != nil {
            try await db.raw(
                """
                UPDATE focus_streaks SET last_day = \(bind: last), days = \(bind: days)
                WHERE user_id = \(bind: userId) AND first_day = \(bind: first)
                """
            ).run()
        } else {
            try await db.raw(
                """
                INSERT INTO focus_streaks (user_id, first_day, last_day, days)
                VALUES (\(bind: userId), \(bind: first), \(bind: last), \(bind: days))
                """
            ).run()
        }
    }

    /// A completed session left a day (no rule does this today, but the totals must not lie if
    /// one does): when the day has none left, the user's runs are counted again from the days.
    private static func dayMayHaveEnded(_ day: String, userId: Int64, on db: any SQLDatabase) async throws {
        let left = try await db.raw(
            """
            SELECT CAST(COALESCE(SUM(completed), 0) AS BIGINT) AS left FROM focus_day_totals
            WHERE user_id = \(bind: userId) AND local_date = \(bind: day)
            """
        ).first()!.decode(column: "left", as: Int.self)
        if left == 0 { try await rebuildStreaks(userId: userId, on: db) }
    }

    static func rebuildStreaks(userId: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM focus_streaks WHERE user_id = \(bind: userId)").run()
        let days = try await db.raw(
            """
            SELECT local_date FROM focus_day_totals WHERE user_id = \(bind: userId)
            GROUP BY local_date HAVING SUM(completed) > 0
            """
        ).all().map { try $0.decode(column: "local_date", as: String.self) }
        for chunk in StreakRun.runs(of: days).chunked(200) {
            let values = chunk.map {
                "(\(bind: userId), \(bind: $0.firstDay), \(bind: $0.lastDay), \(bind: $0.days))" as SQLQueryString
            }
            try await db.raw(
                "INSERT INTO focus_streaks (user_id, first_day, last_day, days) VALUES \(SQLList(values))"
            ).run()
        }
    }

    /// Adds up every stored finished work session into empty totals (the migration that
    /// introduces them, `pomod totals rebuild`), a user at a time.
    static func backfill(on db: any SQLDatabase) async throws {
        let users = try await db.raw("SELECT id FROM users ORDER BY id").all()
            .map { try $0.decode(column: "id", as: Int64.self) }
        for userId in users {
            var delta = try await recount(userId: userId, on: db)
            guard !delta.isEmpty else { continue }
            delta.completedDays = [:]
            try await apply(delta, userId: userId, on: db)
            try await rebuildStreaks(userId: userId, on: db)
        }
    }

    /// The totals of the user's sessions as stored now, counted again from the sessions: what the
    /// maintained totals must equal. Read a page at a time over the (user, start) index, so memory
    /// holds one page and the user's totals.
    static func recount(userId: Int64, on db: any SQLDatabase) async throws -> FocusTotalsDelta {
        var delta = FocusTotalsDelta()
        var after: (start: Int64, id: Int64) = (Int64.min, Int64.min)
        while true {
            let page = try await db.raw(
                SQLFocusSessionStore.select
                    + """
                     WHERE fs.user_id = \(bind: userId) AND fs.kind = 'work' AND fs.status IN ('completed', 'cancelled')
                        AND (fs.started_at > \(bind: after.start)
                            OR (fs.started_at = \(bind: after.start) AND fs.id > \(bind: after.id)))
                    ORDER BY fs.started_at, fs.id LIMIT 5000
                    """
            ).all().map(FocusSession.init(row:))
            guard let last = page.last else { return delta }
            for session in page { delta.add(session) }
            after = (ms(last.startedAt), last.id)
        }
    }
}

/// A multi-row statement whose SQL is made once per number of rows: `statement` gets the
/// `(…), (…)` list of `width` values a row and returns the whole statement.
final class MultiRowTemplates: Sendable {
    private let width: Int
    private let statement: @Sendable (SQLQueryString) -> SQLQueryString
    private let templates = Mutex<[Int: SQLTemplate]>([:])

    init(width: Int, _ statement: @escaping @Sendable (SQLQueryString) -> SQLQueryString) {
        self.width = width
        self.statement = statement
    }

    func callAsFunction(rows: Int) -> SQLTemplate {
        templates.withLock { templates in
            if let known = templates[rows] { return known }
            let (width, statement) = (width, statement)
            let template = SQLTemplate(binds: rows * width) { values in
                let tuples = stride(from: 0, to: values.count, by: width).map {
                    "(\(SQLList(Array(values[$0..<($0 + width)]))))" as SQLQueryString
                }
                return statement("\(SQLList(tuples))")
            }
            templates[rows] = template
            return template
        }
    }
}

extension Collection {
    func chunked(_ size: Int) -> [SubSequence] {
        stride(from: 0, to: count, by: size).map {
            let start = index(startIndex, offsetBy: $0)
            return self[start..<(index(start, offsetBy: size, limitedBy: endIndex) ?? endIndex)]
        }
    }
}

/// The operator's handle on the maintained totals: count them again from the sessions, or check
/// that they equal such a recount (`pomod totals check|rebuild`).
public enum FocusTotalsMaintenance {
    /// Empties the totals and adds every stored session up again, in one transaction.
    public static func rebuild(_ database: PomoDatabase) async throws {
        try await database.write { db in
            for table in ["focus_day_totals", "focus_user_totals", "focus_streaks"] {
                try await db.raw("DELETE FROM \(unsafeRaw: table)").run()
            }
            try await SQLFocusTotals.backfill(on: db)
        }
    }

    /// Where the stored totals differ from a recount, one line per user and row (none when equal).
    public static func check(_ database: PomoDatabase) async throws -> [String] {
        try await database.read { db in
            let users = try await db.raw("SELECT id FROM users ORDER BY id").all()
                .map { try $0.decode(column: "id", as: Int64.self) }
            var differences: [String] = []
            for userId in users {
                differences += try await check(userId: userId, on: db)
            }
            return differences
        }
    }

    /// One user's stored totals against a recount of their sessions.
    static func check(userId: Int64, on db: any SQLDatabase) async throws -> [String] {
        let recount = try await SQLFocusTotals.recount(userId: userId, on: db)
        var expected: [String: String] = [:]
        for (key, totals) in recount.days where totals.completed != 0 || totals.cancelled != 0 {
            expected["day \(key.localDate) \(key.projectId) \(key.category)"] = totals.daySums
        }
        for (key, totals) in recount.user where totals.completed != 0 || totals.cancelled != 0 {
            expected["\(key.dimension.rawValue) \(key.key)"] = totals.allFields
        }
        let days = recount.days.filter { $0.value.completed > 0 }.map(\.key.localDate)
        for run in StreakRun.runs(of: Set(days)) {
            expected["run \(run.firstDay)"] = "\(run.lastDay) \(run.days)"
        }
        var stored: [String: String] = [:]
        for row in try await db.raw(
            """
            SELECT local_date, project_id, category, completed, cancelled, minutes, completed_points, cancelled_points
            FROM focus_day_totals WHERE user_id = \(bind: userId) AND (completed <> 0 OR cancelled <> 0)
            """
        ).all() {
            let totals = try FocusTotals(dayRow: row)
            let key =
                "day \(try row.decode(column: "local_date", as: String.self)) "
                + "\(try row.decode(column: "project_id", as: Int64.self)) \(try row.decode(column: "category", as: String.self))"
            stored[key] = totals.daySums
        }
        for row in try await db.raw(
            SQLFocusStatsStore.selectTotals + " WHERE user_id = \(bind: userId) AND (completed <> 0 OR cancelled <> 0)"
        ).all() {
            let key =
                "\(try row.decode(column: "dimension", as: String.self)) \(try row.decode(column: "key", as: String.self))"
            stored[key] = try FocusTotals(row: row).allFields
        }
        for row in try await db.raw(
            "SELECT first_day, last_day, days FROM focus_streaks WHERE user_id = \(bind: userId)"
        ).all() {
            let run = try StreakRun(row: row)
            stored["run \(run.firstDay)"] = "\(run.lastDay) \(run.days)"
        }
        return Set(expected.keys).union(stored.keys).sorted().compactMap { key in
            expected[key] == stored[key]
                ? nil : "user \(userId) \(key): stored \(stored[key] ?? "none"), recounted \(expected[key] ?? "none")"
        }
    }
}

extension FocusTotals {
    /// A `focus_day_totals` row's sums.
    init(dayRow row: any SQLRow) throws {
        self.init()
        completed = try row.decode(column: "completed", as: Int.self)
        cancelled = try row.decode(column: "cancelled", as: Int.self)
        minutes = try row.decode(column: "minutes", as: Double.self)
        completedPoints = try row.decode(column: "completed_points", as: Double.self)
        cancelledPoints = try row.decode(column: "cancelled_points", as: Double.self)
    }

    /// The sums, to six decimals: summing in another order changes only the last bits.
    var daySums: String {
        "\(completed)/\(cancelled)/" + String(format: "%.6f/%.6f/%.6f", minutes, completedPoints, cancelledPoints)
    }

    var allFields: String {
        daySums + String(format: "/%.6f/", maxMinutes)
            + "\(weekendCompleted)/\(lastEndedAt)/\(lastUpdatedAt)/\(lastStartedAt)/\(lastSource ?? "-")"
    }
}
