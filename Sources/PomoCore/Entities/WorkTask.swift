import Foundation

/// A task of a project: what Time Magic tracks time on and TaskWorks lists for the day.
/// (Named so it does not shadow Swift's `Task`.)
public struct WorkTask: Sendable, Equatable {
    public var id: Int64
    public var uuid: String
    public var userId: Int64
    public var projectId: Int64
    public var projectUUID: String
    public var name: String
    public var description: String?
    public var status: WorkTaskStatus
    public var taskType: WorkTaskType
    /// A JSON document of the client's own, kept as text.
    public var data: String?
    /// TaskWorks' time label ("09:00") and daily target (times per day).
    public var timeLabel: String?
    public var dailyTarget: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, uuid: String, userId: Int64, projectId: Int64, projectUUID: String, name: String,
        description: String?, status: WorkTaskStatus, taskType: WorkTaskType, data: String?, timeLabel: String?,
        dailyTarget: Int, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.uuid = uuid
        self.userId = userId
        self.projectId = projectId
        self.projectUUID = projectUUID
        self.name = name
        self.description = description
        self.status = status
        self.taskType = taskType
        self.data = data
        self.timeLabel = timeLabel
        self.dailyTarget = dailyTarget
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

public enum WorkTaskStatus: String, Sendable, CaseIterable {
    case pending
    case inProgress = "in_progress"
    case completed
    case archived
}

public enum WorkTaskType: String, Sendable, CaseIterable {
    case `default`
    case permanent
}

/// The fields a client sets on a task; on update, only the ones it sent.
public struct TaskChanges: Sendable, Equatable {
    public var name: Patch<String> = .unchanged
    public var description: Patch<String> = .unchanged
    public var taskType: Patch<String> = .unchanged
    public var data: Patch<String> = .unchanged
    public var timeLabel: Patch<String> = .unchanged
    public var dailyTarget: Patch<Int> = .unchanged

    public init() {}
}
