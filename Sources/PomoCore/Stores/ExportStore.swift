import Foundation

/// What an export (and the sessions page) takes: a range of start times, a project (a name or an
/// id) and a category.
public struct ExportFilter: Sendable, Equatable {
    public var from: Date?
    public var to: Date?
    public var project: String?
    public var category: String?

    public init(from: Date? = nil, to: Date? = nil, project: String? = nil, category: String? = nil) {
        self.from = from
        self.to = to
        self.project = project
        self.category = category
    }
}

/// One row of an export: a focus session or a time entry, with the names it refers to.
public struct ExportRow: Sendable, Equatable {
    public var id: String
    public var start: Date
    /// nil while it runs.
    public var end: Date?
    public var durationMinutes: Double?
    /// `work`, `short_break`, `long_break`; for a time entry `task` or `activity`.
    public var kind: String
    public var status: String
    public var category: String?
    public var project: String?
    /// The task's name, or the activity's for a time entry on one.
    public var task: String?
    public var note: String?
    public var pofScore: Int?
    public var points: Double?
    public var source: String?
    /// Where the next page starts: this row's start and row id.
    public var cursor: ExportCursor
    /// When a running session is planned to end.
    public var scheduledEnd: Date?
    public var updatedAt: Date

    public init(
        id: String, start: Date, end: Date?, durationMinutes: Double?, kind: String, status: String, category: String?,
        project: String?, task: String?, note: String?, pofScore: Int?, points: Double?, source: String?,
        cursor: ExportCursor, scheduledEnd: Date? = nil, updatedAt: Date
    ) {
        self.scheduledEnd = scheduledEnd
        self.updatedAt = updatedAt
        self.id = id
        self.start = start
        self.end = end
        self.durationMinutes = durationMinutes
        self.kind = kind
        self.status = status
        self.category = category
        self.project = project
        self.task = task
        self.note = note
        self.pofScore = pofScore
        self.points = points
        self.source = source
        self.cursor = cursor
    }
}

public struct ExportCursor: Sendable, Equatable {
    public var start: Date
    public var rowId: Int64

    public init(start: Date, rowId: Int64) {
        self.start = start
        self.rowId = rowId
    }
}

/// Exports read a page at a time in start order, so that an export of any size holds one page.
public protocol ExportStore: Sendable {
    func sessions(userId: Int64, _ filter: ExportFilter, after: ExportCursor?, limit: Int) async throws -> [ExportRow]
    func timeEntries(userId: Int64, _ filter: ExportFilter, after: ExportCursor?, limit: Int) async throws
        -> [ExportRow]
}
