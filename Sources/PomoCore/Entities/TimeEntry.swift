import Foundation

/// A span of tracked time, on a task, an activity or nothing. Running while `end` is nil.
/// Where a page of entries ends: its last entry's begin and id (newest begin first).
public struct EntryCursor: Sendable, Equatable {
    public var begin: Date
    public var id: Int64

    public init(begin: Date, id: Int64) {
        self.begin = begin
        self.id = id
    }
}

public struct TimeEntry: Sendable, Equatable {
    public var id: Int64
    public var uuid: String
    public var userId: Int64
    public var resource: TimeEntryResource?
    public var focusSessionId: Int64?
    public var begin: Date
    public var end: Date?
    public var durationSeconds: Int64?
    public var comment: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, uuid: String, userId: Int64, resource: TimeEntryResource?, focusSessionId: Int64?, begin: Date,
        end: Date?, durationSeconds: Int64?, comment: String?, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.uuid = uuid
        self.userId = userId
        self.resource = resource
        self.focusSessionId = focusSessionId
        self.begin = begin
        self.end = end
        self.durationSeconds = durationSeconds
        self.comment = comment
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// What an entry is attached to.
public struct TimeEntryResource: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case task
        case activity

        /// As Time Magic's responses spell it (`Task`, `Activity`).
        public var typeName: String { self == .task ? "Task" : "Activity" }
    }

    public var kind: Kind
    public var id: Int64
    public var uuid: String

    public init(kind: Kind, id: Int64, uuid: String) {
        self.kind = kind
        self.id = id
        self.uuid = uuid
    }
}

/// A new entry as a client asks for it; the rules turn it into times.
public struct NewTimeEntry: Sendable, Equatable {
    public var begin: Date
    public var end: Date?
    public var durationSeconds: Int64?
    public var comment: String?
    public var resourceKind: TimeEntryResource.Kind?
    public var resourceUUID: String?

    public init(
        begin: Date, end: Date? = nil, durationSeconds: Int64? = nil, comment: String? = nil,
        resourceKind: TimeEntryResource.Kind? = nil, resourceUUID: String? = nil
    ) {
        self.begin = begin
        self.end = end
        self.durationSeconds = durationSeconds
        self.comment = comment
        self.resourceKind = resourceKind
        self.resourceUUID = resourceUUID
    }
}

public struct TimeEntryChanges: Sendable, Equatable {
    public var begin: Patch<Date> = .unchanged
    public var end: Patch<Date> = .unchanged
    public var comment: Patch<String> = .unchanged

    public init() {}
}
