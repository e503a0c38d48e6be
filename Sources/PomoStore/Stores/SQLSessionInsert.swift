import Foundation
import PomoCore
import PomoWire
import SQLKit
import Synchronization

/// A new session and everything its write does besides the row (its totals, its change) in one
/// PostgreSQL statement that commits on its own: data-modifying `WITH` clauses, one round trip
/// where a transaction takes six (BEGIN, the row, the day and user upserts, the change,
/// COMMIT). Each round trip costs pomod and PostgreSQL a wake-up on both sides, which is what
/// limited durable submits on PostgreSQL; and the locks on the user's totals rows are held for
/// the commit only, not across the client's trips.
///
/// A completed session can make its day active, which takes the streak step (reads, then a
/// write) that one statement cannot do: that statement writes only when its day's row already
/// holds a completed session (the row's latest version, under its lock), and otherwise writes
/// nothing and says so, and the caller takes the transaction. Any other refusal (the uuid is
/// taken, a second active session) is an error that leaves nothing written either.
enum SQLSessionInsert {
    /// Inserts `session` with its totals and change, or returns nil having written nothing (the
    /// caller writes it in a transaction): always on SQLite, whose writes share a transaction
    /// in process (group commit) and take no round trips.
    static func run(_ session: FocusSession, on database: PomoDatabase) async throws -> FocusSession? {
        guard database.kind == .postgres else { return nil }
        let delta = FocusTotalsDelta(before: nil, after: session)
        let days = SQLFocusTotals.DayRows.sorted(delta)
        let users = SQLFocusTotals.UserRows.sorted(delta)
        let guarded = !delta.completedDays.isEmpty
        guard days.count <= 1, users.count <= 100, let data = ChangeData(session) else { return nil }
        let userId = session.userId
        let dayValues = days.flatMap { SQLFocusTotals.DayRows.values($0.key, $0.value, userId: userId) }
        let sessionValues = SQLFocusSessionStore.columns.map { $0.value(session) }
        let change: [any Encodable & Sendable] = [
            userId, SQLChangeLog.kind(.session, data.action), SQLChangeLog.Entity.session.rawValue, session.uuid,
            data.beforeID, data.afterID, ms(session.updatedAt),
        ]
        let values =
            (guarded ? dayValues + sessionValues : sessionValues + dayValues)
            + users.flatMap { SQLFocusTotals.UserRows.values($0.key, $0.value, userId: userId) } + change
        let template = Self.template(Shape(guarded: guarded, days: days.count, users: users.count))
        let row = try await database.commitAlone { db in try await template.raw(on: db, values).first() }
        guard let row else { return nil }
        var inserted = session
        inserted.id = try row.decode(column: "id", as: Int64.self)
        if guarded, try !SQLFocusTotals.DayRows.heldCompleted(row, added: [days[0].key: days[0].value.completed]) {
            // The day's row was gone by the time the statement ran (its project was deleted, the
            // totals rebuilt): the statement inserted it, so the day may be new to the streaks.
            // The step is idempotent and runs in its own transaction.
            try await database.write { db in
                try await SQLFocusTotals.markActive(days[0].key.localDate, userId: userId, on: db)
            }
        }
        return inserted
    }

    /// The session's change: its action, and its entity's JSON around the id the statement fills in.
    private struct ChangeData {
        let action: String
        let beforeID: String
        let afterID: String

        init?(_ session: FocusSession) {
            var unnumbered = session
            unnumbered.id = 0
            let text = PomodoroDTO(unnumbered).jsonText()
            // Inside a JSON string every quote is escaped, so `"id":"0"` can only be the key.
            guard let range = text.range(of: #""id":"0""#) else { return nil }
            action = FocusSessionRules.changeAction(before: nil, after: session)
            beforeID = String(text[..<range.lowerBound]) + #""id":""#
            afterID = #"""# + String(text[range.upperBound...])
        }
    }

    private struct Shape: Hashable {
        var guarded: Bool
        var days: Int
        var users: Int
    }

    private static let templates = Mutex<[Shape: SQLTemplate]>([:])

    private static func template(_ shape: Shape) -> SQLTemplate {
        templates.withLock { templates in
            if let known = templates[shape] { return known }
            let template = SQLTemplate(binds: bindCount(shape)) { statement(shape, $0) }
            templates[shape] = template
            return template
        }
    }

    private static func bindCount(_ shape: Shape) -> Int {
        shape.days * SQLFocusTotals.DayRows.columns.count + SQLFocusSessionStore.columns.count
            + shape.users * SQLFocusTotals.UserRows.columns.count + 7
    }

    /// The statement's text over the stand-ins, in the order the values are bound.
    private static func statement(_ shape: Shape, _ binds: [SQLBind]) -> SQLQueryString {
        typealias Day = SQLFocusTotals.DayRows
        typealias User = SQLFocusTotals.UserRows
        var rest = binds[...]
        func take(_ count: Int) -> [SQLBind] {
            defer { rest = rest.dropFirst(count) }
            return Array(rest.prefix(count))
        }
        func tuples(_ rows: Int, width: Int) -> SQLQueryString {
            "\(SQLList((0..<rows).map { _ in "(\(SQLList(take(width))))" as SQLQueryString }))"
        }
        let sessionColumns = SQLQueryString(SQLFocusSessionStore.columns.map(\.name).joined(separator: ", "))
        var clauses: [SQLQueryString] = []
        if shape.guarded {
            // The day's row takes this session only when it holds a completed one already, seen
            // first in the statement's snapshot (so nothing is inserted) and then in the row's
            // latest version (so a row emptied meanwhile is left alone and nothing is written).
            clauses.append(
                """
                d AS (INSERT INTO focus_day_totals (\(Day.columnList))
                    SELECT * FROM (VALUES \(tuples(1, width: Day.columns.count))) AS v (\(Day.columnList))
                    WHERE EXISTS (SELECT 1 FROM focus_day_totals t WHERE t.user_id = v.user_id
                        AND t.local_date = v.local_date AND t.project_id = v.project_id AND t.category = v.category
                        AND t.completed > 0)
                    \(Day.onConflict) WHERE focus_day_totals.completed > 0
                    \(Day.returning))
                """)
            clauses.append(
                """
                s AS (INSERT INTO focus_sessions (\(sessionColumns))
                    SELECT \(SQLList(take(SQLFocusSessionStore.columns.count))) FROM (SELECT 1 FROM d) AS active
                    RETURNING id)
                """)
        } else {
            clauses.append(
                """
                s AS (INSERT INTO focus_sessions (\(sessionColumns))
                    VALUES (\(SQLList(take(SQLFocusSessionStore.columns.count)))) RETURNING id)
                """)
            if shape.days > 0 {
                clauses.append(
                    """
                    d AS (INSERT INTO focus_day_totals (\(Day.columnList))
                        SELECT v.* FROM s, (VALUES \(tuples(shape.days, width: Day.columns.count))) AS v (\(Day.columnList))
                        WHERE TRUE \(Day.onConflict))
                    """)
            }
        }
        if shape.users > 0 {
            clauses.append(
                """
                u AS (INSERT INTO focus_user_totals (\(User.columnList))
                    SELECT v.* FROM s, (VALUES \(tuples(shape.users, width: User.columns.count))) AS v (\(User.columnList))
                    WHERE TRUE \(User.onConflict))
                """)
        }
        let change = take(7)
        clauses.append(
            """
            c AS (INSERT INTO change_events (tx, user_id, kind, entity_type, entity_id, data, at)
                SELECT pg_current_xact_id()::text::bigint, \(change[0]), \(change[1]), \(change[2]), \(change[3]),
                    \(change[4]) || s.id || \(change[5]), \(change[6]) FROM s)
            """)
        let result: SQLQueryString =
            shape.guarded
            ? "SELECT s.id, d.local_date, d.project_id, d.category, d.completed FROM s, d" : "SELECT s.id FROM s"
        return "WITH \(SQLList(clauses)) \(result)"
    }
}
