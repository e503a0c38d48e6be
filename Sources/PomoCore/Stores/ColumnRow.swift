import Foundation

/// One result row read where the database holds it, by column position: valid only inside the
/// call that hands it over. A list answer written straight from its rows never builds the
/// entities, their strings or their DTOs (see `FocusSessionStore.scan`).
public protocol ColumnRow {
    func isNull(_ column: Int) throws -> Bool
    func integer(_ column: Int) throws -> Int64
    func real(_ column: Int) throws -> Double
    func bool(_ column: Int) throws -> Bool
    /// The column's UTF-8 text, valid only inside `body`.
    func withText<R>(_ column: Int, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R
}

extension ColumnRow {
    public func integerOrNil(_ column: Int) throws -> Int64? { try isNull(column) ? nil : integer(column) }
    public func realOrNil(_ column: Int) throws -> Double? { try isNull(column) ? nil : real(column) }
    public func text(_ column: Int) throws -> String {
        try withText(column) { String(decoding: $0, as: UTF8.self) }
    }
}

/// A row read by the named columns of one list (`SessionListColumn`, `EntryListColumn`).
public struct ListRow<Column: RawRepresentable> where Column.RawValue == Int {
    public let row: any ColumnRow

    public init(_ row: any ColumnRow, _ columns: Column.Type = Column.self) { self.row = row }

    public func isNull(_ column: Column) throws -> Bool { try row.isNull(column.rawValue) }
    public func integer(_ column: Column) throws -> Int64 { try row.integer(column.rawValue) }
    public func integerOrNil(_ column: Column) throws -> Int64? { try row.integerOrNil(column.rawValue) }
    public func realOrNil(_ column: Column) throws -> Double? { try row.realOrNil(column.rawValue) }
    public func bool(_ column: Column) throws -> Bool { try row.bool(column.rawValue) }
    public func text(_ column: Column) throws -> String { try row.text(column.rawValue) }
    public func withText<R>(_ column: Column, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        try row.withText(column.rawValue, body)
    }
}

/// The columns of a listed session, in the order `FocusSessionStore.scan` hands them over: what
/// a TaskWorks history item shows.
public enum SessionListColumn: Int, CaseIterable, Sendable {
    case id, uuid, userId, taskUUID, kind, status, plannedMinutes, durationMinutes, startedAt, scheduledEndAt
    case endedAt, notificationSent, evaluationSubmitted, createdAt, updatedAt, pofScore, pofFactors, points
}

/// A session as the row `scan` hands over for it: the in-memory store's rows, and what tests
/// compare the databases' rows with. Times are milliseconds since 1970, as stored.
public struct SessionColumns: ColumnRow {
    public let session: FocusSession

    public init(_ session: FocusSession) { self.session = session }

    public func isNull(_ column: Int) throws -> Bool {
        switch SessionListColumn(rawValue: column) {
        case .taskUUID: session.taskUUID == nil
        case .plannedMinutes: session.plannedMinutes == nil
        case .durationMinutes: session.durationMinutes == nil
        case .scheduledEndAt: session.scheduledEndAt == nil
        case .endedAt: session.endedAt == nil
        case .pofScore, .pofFactors, .points: session.pof == nil
        case nil: throw Self.noColumn(column)
        default: false
        }
    }

    public func integer(_ column: Int) throws -> Int64 {
        switch SessionListColumn(rawValue: column) {
        case .id: session.id
        case .userId: session.userId
        case .startedAt: Timestamp.milliseconds(session.startedAt)
        case .scheduledEndAt: session.scheduledEndAt.map(Timestamp.milliseconds) ?? 0
        case .endedAt: session.endedAt.map(Timestamp.milliseconds) ?? 0
        case .createdAt: Timestamp.milliseconds(session.createdAt)
        case .updatedAt: Timestamp.milliseconds(session.updatedAt)
        case .pofScore: Int64(session.pof?.score ?? 0)
        default: throw Self.noColumn(column)
        }
    }

    public func real(_ column: Int) throws -> Double {
        switch SessionListColumn(rawValue: column) {
        case .plannedMinutes: session.plannedMinutes ?? 0
        case .durationMinutes: session.durationMinutes ?? 0
        case .points: session.pof?.points ?? 0
        default: throw Self.noColumn(column)
        }
    }

    public func bool(_ column: Int) throws -> Bool {
        switch SessionListColumn(rawValue: column) {
        case .notificationSent: session.notificationSent
        case .evaluationSubmitted: session.evaluationSubmitted
        default: throw Self.noColumn(column)
        }
    }

    public func withText<R>(_ column: Int, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        var text: String
        switch SessionListColumn(rawValue: column) {
        case .uuid: text = session.uuid
        case .taskUUID: text = session.taskUUID ?? ""
        case .kind: text = session.kind.rawValue
        case .status: text = session.status.rawValue
        case .pofFactors: text = ""
        default: throw Self.noColumn(column)
        }
        return try text.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
    }

    private static func noColumn(_ column: Int) -> AppError {
        AppError(.internalError, "a listed session has no column \(column) of that type")
    }
}

/// The columns of a listed time entry, in the order `TimeEntryStore.scan` hands them over: what
/// a Time Magic entry shows. A task's id and uuid when it is on a task, else an activity's.
public enum EntryListColumn: Int, CaseIterable, Sendable {
    case id, uuid, beginTime, endTime, durationSeconds, comment, taskId, taskUUID, activityId, activityUUID
    case createdAt, updatedAt
}

extension SessionCursor {
    /// Where the listed session in `row` ends a page.
    public init(listed row: any ColumnRow) throws {
        let row = ListRow(row, SessionListColumn.self)
        self.init(startedAt: Timestamp.date(milliseconds: try row.integer(.startedAt)), id: try row.integer(.id))
    }
}

extension EntryCursor {
    /// Where the listed entry in `row` ends a page.
    public init(listed row: any ColumnRow) throws {
        let row = ListRow(row, EntryListColumn.self)
        self.init(begin: Timestamp.date(milliseconds: try row.integer(.beginTime)), id: try row.integer(.id))
    }
}
