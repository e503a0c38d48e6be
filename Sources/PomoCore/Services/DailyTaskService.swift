import Foundation

/// Today's checklist of tasks, in the user's own time zone.
public struct DailyTaskService: Sendable {
    public let tasks: any TaskLookup
    public let clock: any PomoClock

    public init(tasks: any TaskLookup, clock: any PomoClock) {
        self.tasks = tasks
        self.clock = clock
    }

    public func today(for user: User) async throws -> [DailyTask] {
        try await tasks.daily(userId: user.id, localDate: LocalDate.string(for: clock.now(), timezone: user.timezone))
    }

    /// The user's tasks of a local day (`YYYY-MM-DD`).
    public func tasks(on localDate: String, for user: User) async throws -> [DailyTask] {
        try await tasks.daily(userId: user.id, localDate: localDate)
    }

    /// Records one execution today and returns the task as it now stands.
    public func execute(taskUUID: String, for user: User) async throws -> DailyTask {
        guard let task = try await tasks.task(uuid: taskUUID, userId: user.id) else {
            throw AppError.notFound("Task not found")
        }
        let now = clock.now()
        let date = LocalDate.string(for: now, timezone: user.timezone)
        _ = try await tasks.recordExecution(taskId: task.id, userId: user.id, localDate: date, at: now)
        guard let today = try await tasks.daily(userId: user.id, localDate: date).first(where: { $0.uuid == taskUUID })
        else { throw AppError.notFound("Task not found") }
        return today
    }
}
