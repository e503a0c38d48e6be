import Foundation

extension WorkspaceService {
    // MARK: Activities

    public func activities(for user: User) async throws -> [Activity] {
        try await stores.activities.activities(userId: user.id)
    }

    public func activity(_ uuid: String, for user: User) async throws -> Activity {
        try await Self.owned(uuid, user, stores.activities.activity)
    }

    public func createActivity(_ changes: ActivityChanges, for user: User) async throws -> Activity {
        let now = clock.now()
        var activity = Activity(
            id: 0, uuid: Self.newUUID(), userId: user.id, name: "", activityType: .productive, state: .pending,
            createdAt: now, updatedAt: now)
        try Self.apply(changes, to: &activity)
        return try await stores.activities.insert(activity)
    }

    public func updateActivity(_ uuid: String, _ changes: ActivityChanges, for user: User) async throws -> Activity {
        var activity = try await activity(uuid, for: user)
        try Self.apply(changes, to: &activity)
        activity.updatedAt = clock.now()
        try await stores.activities.update(activity)
        return activity
    }

    public func activityEvent(_ name: String, activity uuid: String, for user: User) async throws -> Activity {
        let activity = try await activity(uuid, for: user)
        return try await stores.activities.apply(
            try TaskTracking.activityEvent(name), activityId: activity.id, userId: user.id, at: clock.now())
    }

    public func deleteActivity(_ uuid: String, for user: User) async throws {
        try await stores.activities.delete(activityId: try await activity(uuid, for: user).id)
    }

    static func apply(_ changes: ActivityChanges, to activity: inout Activity) throws {
        activity.name = try Validate.text(changes.name, current: activity.name, field: "name")
        if case .set(let type) = changes.activityType {
            activity.activityType = try Validate.member(type, ActivityType.self, field: "activity_type")
        }
    }

    // MARK: Goals

    /// The user's goals, or one of their projects' when `projectUUID` is given.
    public func goals(for user: User, projectUUID: String?) async throws -> [Goal] {
        var projectId: Int64?
        if let projectUUID { projectId = try await project(projectUUID, for: user).id }
        return try await stores.goals.goals(userId: user.id, projectId: projectId)
    }

    public func goal(_ uuid: String, for user: User) async throws -> Goal {
        try await Self.owned(uuid, user, stores.goals.goal)
    }

    public func createGoal(_ changes: GoalChanges, projectUUID: String?, for user: User) async throws -> Goal {
        var project: Project?
        if let projectUUID { project = try await self.project(projectUUID, for: user) }
        let now = clock.now()
        var goal = Goal(
            id: 0, uuid: Self.newUUID(), userId: user.id, projectId: project?.id,
            goalableUUID: project?.uuid ?? "", text: "", period: .week, beginDate: "", createdAt: now,
            updatedAt: now)
        try Self.apply(changes, to: &goal)
        return try await stores.goals.insert(goal)
    }

    public func updateGoal(_ uuid: String, _ changes: GoalChanges, for user: User) async throws -> Goal {
        var goal = try await goal(uuid, for: user)
        try Self.apply(changes, to: &goal)
        goal.updatedAt = clock.now()
        try await stores.goals.update(goal)
        return goal
    }

    public func deleteGoal(_ uuid: String, for user: User) async throws {
        try await stores.goals.delete(goalId: try await goal(uuid, for: user).id)
    }

    static func apply(_ changes: GoalChanges, to goal: inout Goal) throws {
        goal.text = try Validate.text(changes.text, current: goal.text, field: "text", max: TextLimits.text)
        if case .set(let period) = changes.period {
            goal.period = try Validate.member(period, GoalPeriod.self, field: "period")
        }
        let date = changes.beginDate.applied(to: goal.beginDate.isEmpty ? nil : goal.beginDate)
        guard let date, !date.isEmpty else { throw AppError.validation("begin_date", "can't be blank") }
        guard let normalized = goal.period.normalize(date) else {
            throw AppError.validation("begin_date", "is not a valid date")
        }
        goal.beginDate = normalized
    }
}
