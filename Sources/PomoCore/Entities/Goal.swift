import Foundation

/// A goal for a week or a month, the user's own or a project's.
public struct Goal: Sendable, Equatable {
    public var id: Int64
    public var uuid: String
    public var userId: Int64
    public var projectId: Int64?
    /// The uuid of what the goal belongs to: the project's, or the user's.
    public var goalableUUID: String
    public var text: String
    public var period: GoalPeriod
    /// The first day of the period, `YYYY-MM-DD`.
    public var beginDate: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, uuid: String, userId: Int64, projectId: Int64?, goalableUUID: String, text: String,
        period: GoalPeriod, beginDate: String, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.uuid = uuid
        self.userId = userId
        self.projectId = projectId
        self.goalableUUID = goalableUUID
        self.text = text
        self.period = period
        self.beginDate = beginDate
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var goalableType: String { projectId == nil ? "User" : "Project" }
}

public struct GoalChanges: Sendable, Equatable {
    public var text: Patch<String> = .unchanged
    public var period: Patch<String> = .unchanged
    public var beginDate: Patch<String> = .unchanged

    public init() {}
}
