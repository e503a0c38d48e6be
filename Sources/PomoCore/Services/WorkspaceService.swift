import Foundation

/// Projects, tasks, activities, goals and time entries: the rules Time Magic (and the web app)
/// write through. Validation errors name the field in Rails' words ("can't be blank").
public struct WorkspaceService: Sendable {
    public let stores: WorkspaceStores
    let clock: any PomoClock

    public init(stores: WorkspaceStores, clock: any PomoClock) {
        self.stores = stores
        self.clock = clock
    }

    // MARK: Projects

    public func projects(for user: User) async throws -> [Project] {
        try await stores.projects.projects(userId: user.id)
    }

    public func project(_ uuid: String, for user: User) async throws -> Project {
        try await Self.owned(uuid, user, stores.projects.project)
    }

    public func createProject(_ changes: ProjectChanges, for user: User) async throws -> Project {
        let now = clock.now()
        var project = Project(
            id: 0, uuid: Self.newUUID(), userId: user.id, teamId: nil, name: "", createdAt: now, updatedAt: now)
        try Self.apply(changes, to: &project)
        return try await stores.projects.insert(project)
    }

    public func updateProject(_ uuid: String, _ changes: ProjectChanges, for user: User) async throws -> Project {
        var project = try await project(uuid, for: user)
        try Self.apply(changes, to: &project)
        project.updatedAt = clock.now()
        try await stores.projects.update(project)
        return project
    }

    public func deleteProject(_ uuid: String, for user: User) async throws {
        try await stores.projects.delete(projectId: try await project(uuid, for: user).id)
    }

    static func apply(_ changes: ProjectChanges, to project: inout Project) throws {
        project.name = try Validate.text(changes.name, current: project.name, field: "name")
        project.description = try Validate.length(
            changes.description.applied(to: project.description), field: "description")
        if case .set(let type) = changes.projectType {
            project.projectType = try Validate.member(type, ProjectType.self, field: "project_type")
        } else if case .clear = changes.projectType {
            throw AppError.validation("project_type", "is not included in the list")
        }
        project.rateCents = changes.rateCents.applied(to: project.rateCents)
        if let cents = project.rateCents, cents < 0 {
            throw AppError.validation("rate_cents", "must be greater than or equal to 0")
        }
        project.rateCurrency = changes.rateCurrency.applied(to: project.rateCurrency)
        if let currency = project.rateCurrency, currency.count > 10 {
            throw AppError.validation("rate_currency", "is too long (maximum is 10 characters)")
        }
        project.allowParallelTasks = changes.allowParallelTasks.applied(to: project.allowParallelTasks) ?? false
        project.workingHoursPerDay = changes.workingHoursPerDay.applied(to: project.workingHoursPerDay)
        if let hours = project.workingHoursPerDay, !(hours > 0 && hours <= 24) {
            throw AppError.validation("working_hours_per_day", "must be greater than 0 and at most 24")
        }
    }

    // MARK: Tasks

    /// Every task of the user's personal projects (the account export), in one read.
    public func tasksOfAllProjects(for user: User) async throws -> [WorkTask] {
        try await stores.tasks.tasks(ofPersonalProjectsOf: user.id)
    }

    public func tasks(ofProject uuid: String, for user: User) async throws -> [WorkTask] {
        try await stores.tasks.tasks(projectId: try await project(uuid, for: user).id)
    }

    public func task(_ uuid: String, for user: User) async throws -> WorkTask {
        try await Self.owned(uuid, user, stores.tasks.task)
    }

    public func trackedTasks(for user: User) async throws -> [WorkTask] {
        try await stores.tasks.tracked(userId: user.id)
    }

    public func createTask(inProject uuid: String, _ changes: TaskChanges, for user: User) async throws -> WorkTask {
        let project = try await project(uuid, for: user)
        let now = clock.now()
        var task = WorkTask(
            id: 0, uuid: Self.newUUID(), userId: user.id, projectId: project.id, projectUUID: project.uuid, name: "",
            description: nil, status: .pending, taskType: .default, data: nil, timeLabel: nil, dailyTarget: 1,
            createdAt: now, updatedAt: now)
        try Self.apply(changes, to: &task)
        return try await stores.tasks.insert(task)
    }

    public func updateTask(_ uuid: String, _ changes: TaskChanges, for user: User) async throws -> WorkTask {
        var task = try await task(uuid, for: user)
        try Self.apply(changes, to: &task)
        task.updatedAt = clock.now()
        try await stores.tasks.update(task)
        return task
    }

    public func taskEvent(_ name: String, task uuid: String, for user: User) async throws -> WorkTask {
        let task = try await task(uuid, for: user)
        return try await stores.tasks.apply(
            try TaskTracking.event(name), taskId: task.id, userId: user.id, at: clock.now())
    }

    public func deleteTask(_ uuid: String, for user: User) async throws {
        try await stores.tasks.delete(taskId: try await task(uuid, for: user).id)
    }

    static func apply(_ changes: TaskChanges, to task: inout WorkTask) throws {
        task.name = try Validate.text(changes.name, current: task.name, field: "name")
        task.description = try Validate.length(changes.description.applied(to: task.description), field: "description")
        if case .set(let type) = changes.taskType {
            task.taskType = try Validate.member(type, WorkTaskType.self, field: "task_type")
        }
        task.data = changes.data.applied(to: task.data)
        task.timeLabel = changes.timeLabel.applied(to: task.timeLabel)
        if let label = task.timeLabel, label.count > 40 {
            throw AppError.validation("time_label", "is too long (maximum is 40 characters)")
        }
        task.dailyTarget = changes.dailyTarget.applied(to: task.dailyTarget) ?? 1
        guard (1...100).contains(task.dailyTarget) else {
            throw AppError.validation("daily_target", "must be between 1 and 100")
        }
    }

    static func newUUID() -> String { UUID().uuidString.lowercased() }

    /// The user's row with this uuid (any case), or the 404 that unknown and foreign uuids share.
    static func owned<T>(_ uuid: String, _ user: User, _ lookup: (String, Int64) async throws -> T?) async throws -> T {
        guard let found = try await lookup(uuid.lowercased(), user.id) else { throw AppError.notFound() }
        return found
    }
}

/// Rails-worded field checks shared by the workspace rules.
enum Validate {
    /// A required text field: the new value, or the current one when unchanged; never blank.
    static func text(_ patch: Patch<String>, current: String, field: String, max: Int = TextLimits.name) throws
        -> String
    {
        let value = patch.applied(to: current) ?? ""
        guard !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw AppError.validation(field, "can't be blank")
        }
        return try length(value, field: field, max: max)!
    }

    /// An optional text field, at most `max` characters (Rails' words; `TextLimits` has the rule).
    static func length(_ value: String?, field: String, max: Int = TextLimits.text) throws -> String? {
        if TextLimits.exceeds(value, max) {
            throw AppError.validation(field, "is too long (maximum is \(max) characters)")
        }
        return value
    }

    static func member<T: RawRepresentable & CaseIterable>(_ raw: String, _ type: T.Type, field: String) throws -> T
    where T.RawValue == String {
        guard let value = T(rawValue: raw) else { throw AppError.validation(field, "is not included in the list") }
        return value
    }
}
