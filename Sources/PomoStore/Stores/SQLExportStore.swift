import Foundation
import PomoCore
import SQLKit

/// Exports of sessions and time entries, read by keyset (start, id) through the tables'
/// `(user_id, start, id)` indexes: each page costs its rows, wherever it is in the history.
public struct SQLExportStore: ExportStore {
    let database: PomoDatabase

    public init(database: PomoDatabase) { self.database = database }

    public func sessions(userId: Int64, _ filter: ExportFilter, after: ExportCursor?, limit: Int) async throws
        -> [ExportRow]
    {
        var sql: SQLQueryString = """
            SELECT s.id, s.uuid, s.kind, s.status, s.category, s.started_at, s.ended_at, s.duration_minutes, s.note,
                s.source, s.pof_score, s.points, s.scheduled_end_at, s.updated_at, p.name AS project_name, t.name AS task_name
            FROM focus_sessions s LEFT JOIN projects p ON p.id = s.project_id LEFT JOIN tasks t ON t.id = s.task_id
            WHERE s.user_id = \(bind: userId) AND s.started_at IS NOT NULL
            """
        sql = sql + Self.range("s.started_at", "s.id", filter, after)
        if let project = filter.project { sql = sql + Self.project("p", project) }
        if let category = filter.category { sql = sql + " AND s.category = \(bind: category)" }
        sql = sql + " ORDER BY s.started_at, s.id LIMIT \(bind: limit)"
        return try await database.read { db in
            try await db.raw(sql).all().map { row in
                let start = try row.date("started_at")
                return ExportRow(
                    id: try row.decode(column: "uuid", as: String.self), start: start,
                    end: try row.optionalDate("ended_at"),
                    durationMinutes: try row.decode(column: "duration_minutes", as: Double?.self),
                    kind: try row.decode(column: "kind", as: String.self),
                    status: try row.decode(column: "status", as: String.self),
                    category: try row.decode(column: "category", as: String?.self),
                    project: try row.decode(column: "project_name", as: String?.self),
                    task: try row.decode(column: "task_name", as: String?.self),
                    note: try row.decode(column: "note", as: String?.self),
                    pofScore: try row.decode(column: "pof_score", as: Int?.self),
                    points: try row.decode(column: "points", as: Double?.self),
                    source: try row.decode(column: "source", as: String?.self),
                    cursor: ExportCursor(start: start, rowId: try row.decode(column: "id", as: Int64.self)),
                    scheduledEnd: try row.optionalDate("scheduled_end_at"), updatedAt: try row.date("updated_at"))
            }
        }
    }

    public func timeEntries(userId: Int64, _ filter: ExportFilter, after: ExportCursor?, limit: Int) async throws
        -> [ExportRow]
    {
        // A time entry has no category of its own: it has its focus session's, when a session wrote it.
        var sql: SQLQueryString = """
            SELECT e.id, e.uuid, e.begin_time, e.end_time, e.duration_seconds, e.comment, e.task_id, e.activity_id, e.updated_at,
                t.name AS task_name,
                a.name AS activity_name, p.name AS project_name, s.category, s.source
            FROM time_entries e LEFT JOIN tasks t ON t.id = e.task_id LEFT JOIN activities a ON a.id = e.activity_id
            LEFT JOIN projects p ON p.id = t.project_id LEFT JOIN focus_sessions s ON s.id = e.focus_session_id
            WHERE e.user_id = \(bind: userId)
            """
        sql = sql + Self.range("e.begin_time", "e.id", filter, after)
        if let project = filter.project { sql = sql + Self.project("p", project) }
        if let category = filter.category { sql = sql + " AND s.category = \(bind: category)" }
        sql = sql + " ORDER BY e.begin_time, e.id LIMIT \(bind: limit)"
        return try await database.read { db in
            try await db.raw(sql).all().map { row in
                let start = try row.date("begin_time")
                let end = try row.optionalDate("end_time")
                let seconds = try row.decode(column: "duration_seconds", as: Int64?.self)
                let onTask = try row.decode(column: "task_id", as: Int64?.self) != nil
                let onActivity = try row.decode(column: "activity_id", as: Int64?.self) != nil
                return ExportRow(
                    id: try row.decode(column: "uuid", as: String.self), start: start, end: end,
                    durationMinutes: seconds.map { Double($0) / 60 }
                        ?? end.map { $0.timeIntervalSince(start) / 60 },
                    kind: onTask ? "task" : onActivity ? "activity" : "entry",
                    status: end == nil ? "running" : "completed",
                    category: try row.decode(column: "category", as: String?.self),
                    project: try row.decode(column: "project_name", as: String?.self),
                    task: try row.decode(column: onTask ? "task_name" : "activity_name", as: String?.self),
                    note: try row.decode(column: "comment", as: String?.self), pofScore: nil, points: nil,
                    source: try row.decode(column: "source", as: String?.self) ?? "time_magic",
                    cursor: ExportCursor(start: start, rowId: try row.decode(column: "id", as: Int64.self)),
                    updatedAt: try row.date("updated_at"))
            }
        }
    }

    private static func range(_ start: String, _ id: String, _ filter: ExportFilter, _ after: ExportCursor?)
        -> SQLQueryString
    {
        var sql: SQLQueryString = ""
        if let from = filter.from { sql = sql + " AND \(unsafeRaw: start) >= \(bind: ms(from))" }
        if let to = filter.to { sql = sql + " AND \(unsafeRaw: start) < \(bind: ms(to))" }
        if let after {
            sql =
                sql
                    + """
                     AND (\(unsafeRaw: start) > \(bind: ms(after.start))
                        OR (\(unsafeRaw: start) = \(bind: ms(after.start)) AND \(unsafeRaw: id) > \(bind: after.rowId)))
                    """
        }
        return sql
    }

    /// A project by its uuid, its name, or its id as the Game writes it (`42`, `personal_42`,
    /// `team_42`); a name such as `Q1_2026` is a name only.
    private static func project(_ alias: String, _ reference: String) -> SQLQueryString {
        let digits =
            ["personal_", "team_"].first(where: reference.hasPrefix).map { reference.dropFirst($0.count) }
            ?? reference[...]
        let number = digits.allSatisfy(\.isASCII) ? Int64(digits) ?? -1 : -1
        return
            " AND (\(unsafeRaw: alias).uuid = \(bind: reference) OR \(unsafeRaw: alias).name = \(bind: reference) OR \(unsafeRaw: alias).id = \(bind: number))"
    }
}
