/// Time Magic's task workflow (REFERENCE.md 3.2 and 4.3): which events a task accepts in which
/// state, and what each does to the user's running time entries. Pure: the store loads the facts
/// inside its write transaction, asks `plan`, and applies the answer before it commits.
public enum TaskEvent: String, Sendable, CaseIterable {
    case startTracking = "start_tracking"
    case stopTracking = "stop_tracking"
    case startWithoutTracking = "start_without_tracking"
    case switchTracking = "switch_tracking"
    case finish
}

public enum ActivityEvent: String, Sendable, CaseIterable {
    case startTracking = "start_tracking"
    case stopTracking = "stop_tracking"
}

/// One of the user's running task entries.
public struct RunningTaskEntry: Sendable, Equatable {
    public var entryId: Int64
    public var taskId: Int64
    public var projectId: Int64

    public init(entryId: Int64, taskId: Int64, projectId: Int64) {
        self.entryId = entryId
        self.taskId = taskId
        self.projectId = projectId
    }
}

/// What an event does: entries to close now, tasks whose status changes, and whether the target
/// gets a new running entry.
public struct TrackingPlan: Sendable, Equatable {
    public var close: [Int64] = []
    public var statuses: [Int64: WorkTaskStatus] = [:]
    public var openEntry = false

    public init(close: [Int64] = [], statuses: [Int64: WorkTaskStatus] = [:], openEntry: Bool = false) {
        self.close = close
        self.statuses = statuses
        self.openEntry = openEntry
    }
}

public enum TaskTracking {
    /// Tasks "in progress with time tracking" a user may have at once; activities do not count.
    public static let maxTrackedTasks = 2

    public static func event(_ name: String?) throws -> TaskEvent {
        guard let name, let event = TaskEvent(rawValue: name) else { throw invalidEvent }
        return event
    }

    /// - Parameters:
    ///   - running: every running task entry of the user's, the target's included.
    ///   - parallel: whether the target's project lets its tasks run side by side.
    public static func plan(_ event: TaskEvent, task: WorkTask, running: [RunningTaskEntry], parallel: Bool) throws
        -> TrackingPlan
    {
        // An entry a client opened on the task through `POST /time_entries` is adopted, not doubled.
        let own = running.filter { $0.taskId == task.id }.map(\.entryId)
        let others = running.filter { $0.taskId != task.id }
        switch (event, task.status) {
        case (.startTracking, .pending),
            (.startTracking, .inProgress) where own.isEmpty:
            try checkLimit(others)
            return TrackingPlan(statuses: [task.id: .inProgress], openEntry: own.isEmpty)
        case (.startTracking, .inProgress), (.startWithoutTracking, .inProgress), (.switchTracking, .inProgress):
            throw AppError.validation("base", "Task is already in progress")
        case (.startWithoutTracking, .pending):
            return TrackingPlan(statuses: [task.id: .inProgress])
        case (.stopTracking, .inProgress):
            return TrackingPlan(close: own, statuses: [task.id: .pending])
        case (.switchTracking, .pending):
            let (kept, stopped) = split(others, keepingProject: parallel ? task.projectId : nil)
            try checkLimit(kept)
            var statuses = Dictionary(stopped.map { ($0.taskId, WorkTaskStatus.pending) }) { a, _ in a }
            statuses[task.id] = .inProgress
            return TrackingPlan(close: stopped.map(\.entryId), statuses: statuses, openEntry: own.isEmpty)
        case (.finish, .pending), (.finish, .inProgress):
            return TrackingPlan(close: own, statuses: [task.id: .completed])
        default:
            throw AppError.validation(
                "base", "Event '\(event.rawValue)' cannot transition from '\(task.status.rawValue)'")
        }
    }

    /// The new state of an activity for an event; `opens` tells whether it starts an entry.
    public static func activity(_ event: ActivityEvent, state: ActivityState) throws -> (ActivityState, opens: Bool) {
        switch (event, state) {
        case (.startTracking, .pending): return (.inProgress, true)
        case (.stopTracking, .inProgress): return (.pending, false)
        default:
            throw AppError.validation("base", "Event '\(event.rawValue)' cannot transition from '\(state.rawValue)'")
        }
    }

    public static func activityEvent(_ name: String?) throws -> ActivityEvent {
        guard let name, let event = ActivityEvent(rawValue: name) else { throw invalidEvent }
        return event
    }

    static let invalidEvent = AppError.validation("event", "is not a valid event")

    private static func checkLimit(_ others: [RunningTaskEntry]) throws {
        if Set(others.map(\.taskId)).count >= maxTrackedTasks {
            throw AppError.validation("base", "Active tasks with time tracking limit is reached")
        }
    }

    /// Splits the running entries into those a switch leaves alone (same project, when it allows
    /// parallel tasks) and those it stops.
    private static func split(_ running: [RunningTaskEntry], keepingProject project: Int64?)
        -> (kept: [RunningTaskEntry], stopped: [RunningTaskEntry])
    {
        let kept = running.filter { $0.projectId == project }
        return (kept, running.filter { $0.projectId != project })
    }
}
