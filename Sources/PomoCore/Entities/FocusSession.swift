import Foundation

public enum SessionKind: String, Codable, Sendable, CaseIterable {
    case work
    case shortBreak = "short_break"
    case longBreak = "long_break"
}

/// planned → active → completed | cancelled | expired. A Game `session/start` plans and starts
/// at once (its timer runs from then); a TaskWorks start creates an active session directly.
public enum SessionStatus: String, Codable, Sendable, CaseIterable {
    case planned
    case active
    case completed
    case cancelled
    case expired

    public var isOpen: Bool { self == .planned || self == .active }
}

/// One focus session or break, whichever dialect started it.
public struct FocusSession: Sendable, Equatable {
    public var id: Int64 = 0
    /// The client's session UUID (Game), or one Pomo made (TaskWorks, web, CLI).
    public var uuid: String
    public var userId: Int64
    public var taskId: Int64?
    /// The task's public uuid (read with the session; the id is what is stored).
    public var taskUUID: String?
    public var projectId: Int64?
    public var kind: SessionKind
    public var status: SessionStatus
    public var category: String?
    public var plannedMinutes: Double?
    /// Minutes actually focused, set when the session completes.
    public var durationMinutes: Double?
    public var planningNotes: String?
    public var goals: String?
    public var energyLevel: Int?
    public var note: String?
    public var source: String?
    public var appVersion: String?
    /// The user's zone when the session began, and the local date there: "which day" survives
    /// DST changes and travel.
    public var timezone: String
    public var localDate: String
    /// When the timer started (for a session submitted after the fact: its reported start).
    public var startedAt: Date
    public var scheduledEndAt: Date?
    public var endedAt: Date?
    /// When an open Game session lapses; nil for sessions that stay open until ended.
    public var expiresAt: Date?
    public var cancelReason: String?
    public var cancelNote: String?
    public var pof: PofResult?
    /// A digest of the submitted body, so a replayed submit can be told from a different one.
    public var submitDigest: String?
    public var notificationSent = false
    public var evaluationRating: Int?
    public var evaluationNote: String?
    public var evaluationSubmitted = false
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        uuid: String, userId: Int64, kind: SessionKind, status: SessionStatus, timezone: String, localDate: String,
        startedAt: Date, createdAt: Date
    ) {
        self.uuid = uuid
        self.userId = userId
        self.kind = kind
        self.status = status
        self.timezone = timezone
        self.localDate = localDate
        self.startedAt = startedAt
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }
}

/// A page of sessions in (start time, id) order, for keyset pagination.
public struct SessionQuery: Sendable, Equatable {
    public var after: SessionCursor?
    public var limit: Int
    public var from: Date?
    public var to: Date?
    public var statuses: [SessionStatus]?
    public var kinds: [SessionKind]?
    public var projectId: Int64?
    public var category: String?

    public init(
        after: SessionCursor? = nil, limit: Int = 20, from: Date? = nil, to: Date? = nil,
        statuses: [SessionStatus]? = nil, kinds: [SessionKind]? = nil, projectId: Int64? = nil, category: String? = nil
    ) {
        self.projectId = projectId
        self.category = category
        self.after = after
        self.limit = limit
        self.from = from
        self.to = to
        self.statuses = statuses
        self.kinds = kinds
    }
}

/// The position after which the next page starts: newest first, so "after" means older.
public struct SessionCursor: Sendable, Equatable {
    public var startedAt: Date
    public var id: Int64

    public init(startedAt: Date, id: Int64) {
        self.startedAt = startedAt
        self.id = id
    }
}
