import Foundation
import PomoCore
import Testing

@Suite struct TaskTrackingTests {
    static func task(_ id: Int64, _ status: WorkTaskStatus, project: Int64 = 1) -> WorkTask {
        WorkTask(
            id: id, uuid: "t\(id)", userId: 1, projectId: project, projectUUID: "p\(project)", name: "T\(id)",
            description: nil, status: status, taskType: .default, data: nil, timeLabel: nil, dailyTarget: 1,
            createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 0))
    }

    static func running(_ entry: Int64, task: Int64, project: Int64 = 1) -> RunningTaskEntry {
        RunningTaskEntry(entryId: entry, taskId: task, projectId: project)
    }

    static func error(_ body: () throws -> TrackingPlan) -> AppError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? AppError
        }
    }

    @Test func startTrackingOpensAnEntryAndMovesToInProgress() throws {
        let plan = try TaskTracking.plan(.startTracking, task: Self.task(1, .pending), running: [], parallel: false)
        #expect(plan == TrackingPlan(statuses: [1: .inProgress], openEntry: true))
    }

    @Test func aThirdTrackedTaskIsRefused() {
        let error = Self.error {
            try TaskTracking.plan(
                .startTracking, task: Self.task(3, .pending),
                running: [Self.running(10, task: 1), Self.running(11, task: 2)], parallel: false)
        }
        #expect(error == AppError.validation("base", "Active tasks with time tracking limit is reached"))
    }

    @Test func stopTrackingClosesTheTasksEntryAndPausesIt() throws {
        let plan = try TaskTracking.plan(
            .stopTracking, task: Self.task(1, .inProgress),
            running: [Self.running(10, task: 1), Self.running(11, task: 2)], parallel: false)
        #expect(plan == TrackingPlan(close: [10], statuses: [1: .pending]))
    }

    @Test func switchStopsEveryOtherTrackedTaskAndStartsThisOne() throws {
        let plan = try TaskTracking.plan(
            .switchTracking, task: Self.task(3, .pending, project: 1),
            running: [Self.running(10, task: 1, project: 1), Self.running(11, task: 2, project: 2)], parallel: false)
        #expect(
            plan
                == TrackingPlan(
                    close: [10, 11], statuses: [1: .pending, 2: .pending, 3: .inProgress], openEntry: true))
    }

    @Test func switchInAParallelProjectKeepsThatProjectsTaskRunning() throws {
        let plan = try TaskTracking.plan(
            .switchTracking, task: Self.task(3, .pending, project: 1),
            running: [Self.running(10, task: 1, project: 1), Self.running(11, task: 2, project: 2)], parallel: true)
        #expect(plan == TrackingPlan(close: [11], statuses: [2: .pending, 3: .inProgress], openEntry: true))
    }

    @Test func finishClosesTheEntryAndCompletes() throws {
        let plan = try TaskTracking.plan(
            .finish, task: Self.task(1, .inProgress), running: [Self.running(10, task: 1)], parallel: false)
        #expect(plan == TrackingPlan(close: [10], statuses: [1: .completed]))
    }

    @Test(arguments: [
        (TaskEvent.startTracking, WorkTaskStatus.completed), (.stopTracking, .pending),
        (.startWithoutTracking, .completed),
        (.switchTracking, .archived), (.finish, .completed),
    ])
    func invalidTransitionsAreValidationErrorsOnBase(_ event: TaskEvent, _ status: WorkTaskStatus) {
        let error = Self.error {
            try TaskTracking.plan(event, task: Self.task(1, status), running: [], parallel: false)
        }
        #expect(error?.kind == .validation)
        #expect(error?.field == "base")
        #expect(error?.message == "Event '\(event.rawValue)' cannot transition from '\(status.rawValue)'")
    }

    @Test(arguments: [TaskEvent.startWithoutTracking, .switchTracking])
    func startingATaskAlreadyInProgressIsRefused(_ event: TaskEvent) {
        let error = Self.error {
            try TaskTracking.plan(
                event, task: Self.task(1, .inProgress), running: [Self.running(10, task: 1)], parallel: false)
        }
        #expect(error == AppError.validation("base", "Task is already in progress"))
    }

    @Test func unknownEventsAreNamedOnTheEventField() {
        #expect(throws: AppError.validation("event", "is not a valid event")) { try TaskTracking.event("fly") }
        #expect(throws: AppError.validation("event", "is not a valid event")) { try TaskTracking.activityEvent(nil) }
    }

    @Test func activitiesMoveBetweenPendingAndInProgress() throws {
        #expect(try TaskTracking.activity(.startTracking, state: .pending) == (.inProgress, true))
        #expect(try TaskTracking.activity(.stopTracking, state: .inProgress) == (.pending, false))
        #expect(throws: AppError.self) { try TaskTracking.activity(.stopTracking, state: .pending) }
    }
}

extension TaskTrackingTests {
    @Test func startingATaskThatAlreadyHasARunningEntryAdoptsIt() throws {
        let plan = try TaskTracking.plan(
            .startTracking, task: Self.task(1, .pending), running: [Self.running(10, task: 1)], parallel: false)
        #expect(plan == TrackingPlan(statuses: [1: .inProgress], openEntry: false))
    }
}
