import Foundation

/// A standalone trackable such as "Reading" or "Gym" (Time Magic).
public struct Activity: Sendable, Equatable {
    public var id: Int64
    public var uuid: String
    public var userId: Int64
    public var name: String
    public var activityType: ActivityType
    public var state: ActivityState
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, uuid: String, userId: Int64, name: String, activityType: ActivityType, state: ActivityState,
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.uuid = uuid
        self.userId = userId
        self.name = name
        self.activityType = activityType
        self.state = state
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

public enum ActivityType: String, Sendable, CaseIterable {
    case productive
    case leisure
    case other
}

public enum ActivityState: String, Sendable, CaseIterable {
    case pending
    case inProgress = "in_progress"
}

public struct ActivityChanges: Sendable, Equatable {
    public var name: Patch<String> = .unchanged
    public var activityType: Patch<String> = .unchanged

    public init() {}
}
