import Foundation
import PomoCore
import SQLKit

public struct SQLTimeEntryStore: TimeEntryStore {
    let database: PomoDatabase

    public init(database: PomoDatabase) { self.database = database }

    /// Every entry read carries the uuid of what it is attached to.
    static let select: SQLQueryString = """
        SELECT e.*, t.uuid AS task_uuid, a.uuid AS activity_uuid FROM time_entries e
        LEFT JOIN tasks t ON t.id = e.task_id LEFT JOIN activities a ON a.id = e.activity_id
        """

    public func entries(userId: Int64, after: TimeEntry?, limit: Int) async throws -> [TimeEntry] {
        let cursor = after.map { EntryCursor(begin: $0.begin, id: $0.id) }
        let query = Self.listed(Self.select, userId: userId, after: cursor, limit: limit)
        return try await database.read { db in try await db.kept(query).all().map(TimeEntry.init(row:)) }
    }

    public func scan(
        userId: Int64, after: EntryCursor?, limit: Int, _ body: @escaping @Sendable (any ColumnRow) throws -> Void
    ) async throws {
        let query = Self.listed(Self.listColumns.select, userId: userId, after: after, limit: limit)
        try await database.read { db in try await db.scan(query, columns: Self.listColumns.names, body) }
    }

    /// `EntryListColumn`'s columns in its order.
    static let listColumns = ListedColumns(
        EntryListColumn.allCases.map { column in
            switch column {
            case .id: ("e.id", "id")
            case .uuid: ("e.uuid", "uuid")
            case .beginTime: ("e.begin_time", "begin_time")
            case .endTime: ("e.end_time", "end_time")
            case .durationSeconds: ("e.duration_seconds", "duration_seconds")
            case .comment: ("e.comment", "comment")
            case .taskId: ("e.task_id", "task_id")
            case .taskUUID: ("t.uuid", "task_uuid")
            case .activityId: ("e.activity_id", "activity_id")
            case .activityUUID: ("a.uuid", "activity_uuid")
            case .createdAt: ("e.created_at", "created_at")
            case .updatedAt: ("e.updated_at", "updated_at")
            }
        }, from: "time_entries e LEFT JOIN tasks t ON t.id = e.task_id LEFT JOIN activities a ON a.id = e.activity_id")

    /// `select` for a page of the user's entries, newest begin first, after `after`.
    private static func listed(_ select: SQLQueryString, userId: Int64, after: EntryCursor?, limit: Int)
        -> SQLQueryString
    {
        var sql = select + " WHERE e.user_id = \(bind: userId)"
        if let after {
            let begin = ms(after.begin)
            sql +=
                " AND (e.begin_time < \(bind: begin) OR (e.begin_time = \(bind: begin) AND e.id < \(bind: after.id)))"
        }
        return sql + " ORDER BY e.begin_time DESC, e.id DESC LIMIT \(bind: limit)"
    }

    public func entry(uuid: String, userId: Int64) async throws -> TimeEntry? {
        try await database.read { db in
            try await db.kept(Self.select + " WHERE e.uuid = \(bind: uuid) AND e.user_id = \(bind: userId)").first()
                .map(TimeEntry.init(row:))
        }
    }

    public func insert(_ entry: TimeEntry) async throws -> TimeEntry {
        let resource = entry.resource
        let taskId = resource?.kind == .task ? resource?.id : nil
        let activityId = resource?.kind == .activity ? resource?.id : nil
        return try await Tracking.refusingSecondRunning {
            try await database.write { db in
                let id = try await db.raw(
                    """
                    INSERT INTO time_entries (uuid, user_id, task_id, activity_id, focus_session_id, begin_time,
                        end_time, duration_seconds, comment, created_at, updated_at)
                    VALUES (\(bind: entry.uuid), \(bind: entry.userId), \(bind: taskId), \(bind: activityId),
                        \(bind: entry.focusSessionId), \(bind: ms(entry.begin)), \(bind: ms(entry.end)),
                        \(bind: entry.durationSeconds), \(bind: entry.comment), \(bind: ms(entry.createdAt)),
                        \(bind: ms(entry.updatedAt)))
                    RETURNING id
                    """
                ).first()!.decode(column: "id", as: Int64.self)
                try await SQLChangeLog.timeEntries(ids: [id], "created", at: entry.updatedAt, on: db)
                var inserted = entry
                inserted.id = id
                return inserted
            }
        }
    }

    public func update(_ entry: TimeEntry) async throws {
        try await Tracking.refusingSecondRunning {
            try await database.write { db in
                try await db.raw(
                    """
                    UPDATE time_entries SET begin_time = \(bind: ms(entry.begin)), end_time = \(bind: ms(entry.end)),
                        duration_seconds = \(bind: entry.durationSeconds), comment = \(bind: entry.comment),
                        updated_at = \(bind: ms(entry.updatedAt))
                    WHERE id = \(bind: entry.id)
                    """
                ).run()
                try await SQLChangeLog.timeEntries(ids: [entry.id], "updated", at: entry.updatedAt, on: db)
            }
        }
    }

    public func delete(entryId: Int64) async throws {
        try await database.write { db in
            try await Tracking.deleteEntries("id = \(bind: entryId)", at: Date(), db)
        }
    }
}

extension TimeEntry {
    init(row: any SQLRow) throws {
        var resource: TimeEntryResource?
        if let id = try row.decode(column: "task_id", as: Int64?.self) {
            resource = .init(kind: .task, id: id, uuid: try row.decode(column: "task_uuid", as: String.self))
        } else if let id = try row.decode(column: "activity_id", as: Int64?.self) {
            resource = .init(kind: .activity, id: id, uuid: try row.decode(column: "activity_uuid", as: String.self))
        }
        self.init(
            id: try row.decode(column: "id", as: Int64.self), uuid: try row.decode(column: "uuid", as: String.self),
            userId: try row.decode(column: "user_id", as: Int64.self), resource: resource,
            focusSessionId: try row.decode(column: "focus_session_id", as: Int64?.self),
            begin: try row.date("begin_time"), end: try row.optionalDate("end_time"),
            durationSeconds: try row.decode(column: "duration_seconds", as: Int64?.self),
            comment: try row.decode(column: "comment", as: String?.self), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"))
    }
}
