import Foundation

/// The stores behind Time Magic's resources. Each lookup by uuid takes the caller's id, so another
/// user's row is never found. Inserts take the entity with `id` 0 and return it with its id.
public protocol WorkProjectStore: Sendable {
    /// The user's personal projects (team projects are the team's), oldest first.
    func projects(userId: Int64) async throws -> [Project]
    func project(uuid: String, userId: Int64) async throws -> Project?
    func insert(_ project: Project) async throws -> Project
    func update(_ project: Project) async throws
    /// Deletes the project with its tasks, their time entries and its goals.
    func delete(projectId: Int64) async throws
}

public protocol WorkTaskStore: Sendable {
    func tasks(projectId: Int64) async throws -> [WorkTask]
    /// The tasks of the user's personal projects, by project (oldest first), then oldest first.
    func tasks(ofPersonalProjectsOf userId: Int64) async throws -> [WorkTask]
    func task(uuid: String, userId: Int64) async throws -> WorkTask?
    /// The user's tasks with a running time entry.
    func tracked(userId: Int64) async throws -> [WorkTask]
    func insert(_ task: WorkTask) async throws -> WorkTask
    func update(_ task: WorkTask) async throws
    func delete(taskId: Int64) async throws
    /// Applies a workflow event in one transaction, serialised per user: reads the user's running
    /// entries, asks `TaskTracking.plan`, closes and opens entries and sets statuses.
    func apply(_ event: TaskEvent, taskId: Int64, userId: Int64, at now: Date) async throws -> WorkTask
}

public protocol ActivityStore: Sendable {
    func activities(userId: Int64) async throws -> [Activity]
    func activity(uuid: String, userId: Int64) async throws -> Activity?
    func insert(_ activity: Activity) async throws -> Activity
    func update(_ activity: Activity) async throws
    func delete(activityId: Int64) async throws
    /// As `WorkTaskStore.apply`, for an activity and its one running entry.
    func apply(_ event: ActivityEvent, activityId: Int64, userId: Int64, at now: Date) async throws -> Activity
}

public protocol GoalStore: Sendable {
    /// The user's goals (their own and their projects'), or one project's when `projectId` is set.
    func goals(userId: Int64, projectId: Int64?) async throws -> [Goal]
    func goal(uuid: String, userId: Int64) async throws -> Goal?
    /// A second goal for the same owner, period and date is refused with a validation error. The
    /// returned goal carries its owner's uuid (the user's, for a user goal).
    func insert(_ goal: Goal) async throws -> Goal
    func update(_ goal: Goal) async throws
    func delete(goalId: Int64) async throws
}

public protocol TimeEntryStore: Sendable {
    /// The user's entries, newest begin first: at most `limit`, after `after` (the last entry of
    /// the page before) in that order.
    func entries(userId: Int64, after: TimeEntry?, limit: Int) async throws -> [TimeEntry]
    /// The rows `entries` would answer (after the entry that began at `after.begin` with id
    /// `after.id`), each handed to `body` in `EntryListColumn` order as the database reads it,
    /// without building the entries: the list writes them straight to its answer.
    func scan(
        userId: Int64, after: EntryCursor?, limit: Int, _ body: @escaping @Sendable (any ColumnRow) throws -> Void
    ) async throws
    func entry(uuid: String, userId: Int64) async throws -> TimeEntry?
    /// A second running entry on one task or activity is refused with a validation error.
    func insert(_ entry: TimeEntry) async throws -> TimeEntry
    func update(_ entry: TimeEntry) async throws
    func delete(entryId: Int64) async throws
}

/// Every workspace store, as one value for the service.
public struct WorkspaceStores: Sendable {
    public var projects: any WorkProjectStore
    public var tasks: any WorkTaskStore
    public var activities: any ActivityStore
    public var goals: any GoalStore
    public var entries: any TimeEntryStore
    public var plans: any ProjectPlanStore

    public init(
        projects: any WorkProjectStore, tasks: any WorkTaskStore, activities: any ActivityStore,
        goals: any GoalStore, entries: any TimeEntryStore, plans: any ProjectPlanStore
    ) {
        self.projects = projects
        self.tasks = tasks
        self.activities = activities
        self.goals = goals
        self.entries = entries
        self.plans = plans
    }
}
