import Foundation
import PomoCore
import Testing

@Suite struct FocusServiceTests {
    struct Fixture {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_763_800_000))
        let stores = Stores.inMemory()
        var focus: FocusService { FocusService(sessions: stores.sessions, tasks: stores.tasks, clock: clock) }
        let user = User(
            id: 1, username: "ana", email: "ana@example.com", passwordHash: "", role: .user, timezone: "Asia/Tokyo",
            isActive: true, subscriptionActiveUntil: nil, preferences: UserPreferences(), createdAt: Date(),
            updatedAt: Date())
    }

    @Test func aStartedSessionIsActiveWithItsScheduledEndAndLocalDate() async throws {
        let f = Fixture()
        let session = try await f.focus.startTimer(for: f.user, kind: .work, minutes: 25, taskUUID: nil)
        #expect(session.status == .active)
        #expect(session.scheduledEndAt == f.clock.now().addingTimeInterval(25 * 60))
        #expect(session.localDate == LocalDate.string(for: f.clock.now(), timezone: "Asia/Tokyo"))
        #expect(try await f.focus.active(for: f.user)?.id == session.id)
    }

    @Test func aSecondStartWhileOneRunsIsAConflictNamingTheRunningSession() async throws {
        let f = Fixture()
        let first = try await f.focus.startTimer(for: f.user, kind: .work, minutes: 25, taskUUID: nil)
        let error = await #expect(throws: AppError.self) {
            try await f.focus.startTimer(for: f.user, kind: .shortBreak, minutes: 5, taskUUID: nil)
        }
        #expect(error?.code == "POMODORO_ACTIVE")
        #expect(error?.context["id"] == String(first.id))
    }

    @Test func completingOnTimeScoresFullAndLateCompletionIsCappedAndCostsTiming() async throws {
        let f = Fixture()
        let onTime = try await f.focus.startTimer(for: f.user, kind: .work, minutes: 25, taskUUID: nil)
        f.clock.advance(by: 25 * 60)
        let done = try await f.focus.complete(id: onTime.id, for: f.user)
        #expect(done.status == .completed)
        #expect(done.durationMinutes == 25)
        #expect(done.pof?.score == 100)
        #expect(done.pof?.points == 1.0)

        let late = try await f.focus.startTimer(for: f.user, kind: .work, minutes: 25, taskUUID: nil)
        f.clock.advance(by: 90 * 60)
        let lateDone = try await f.focus.complete(id: late.id, for: f.user)
        #expect(lateDone.durationMinutes == 25)
        #expect(lateDone.pof?.factors.timing == 0.9)
    }

    @Test func finishingEarlyCreditsOnlyTheElapsedTime() async throws {
        let f = Fixture()
        let session = try await f.focus.startTimer(for: f.user, kind: .work, minutes: 50, taskUUID: nil)
        f.clock.advance(by: 20 * 60)
        let done = try await f.focus.complete(id: session.id, for: f.user)
        #expect(done.durationMinutes == 20)
        #expect(done.pof?.score == 40)
        #expect(done.pof?.trustworthiness == .low)
    }

    @Test func breaksAreNotScored() async throws {
        let f = Fixture()
        let rest = try await f.focus.startTimer(for: f.user, kind: .longBreak, minutes: 15, taskUUID: nil)
        f.clock.advance(by: 15 * 60)
        #expect(try await f.focus.complete(id: rest.id, for: f.user).pof == nil)
    }

    @Test func onlyAnActiveSessionCanEndAndOnlyACompletedOneCanBeEvaluated() async throws {
        let f = Fixture()
        let session = try await f.focus.startTimer(for: f.user, kind: .work, minutes: 25, taskUUID: nil)
        await #expect(throws: AppError.self) {
            try await f.focus.evaluate(id: session.id, for: f.user, rating: 4, note: nil)
        }
        f.clock.advance(by: 10 * 60)
        let cancelled = try await f.focus.cancel(id: session.id, for: f.user)
        #expect(cancelled.status == .cancelled)
        #expect(cancelled.pof?.score == 20)
        let again = await #expect(throws: AppError.self) { try await f.focus.complete(id: session.id, for: f.user) }
        #expect(again?.code == "POMODORO_NOT_ACTIVE")

        let next = try await f.focus.startTimer(for: f.user, kind: .work, minutes: 25, taskUUID: nil)
        _ = try await f.focus.complete(id: next.id, for: f.user)
        let badRating = await #expect(throws: AppError.self) {
            try await f.focus.evaluate(id: next.id, for: f.user, rating: 6, note: nil)
        }
        #expect(badRating?.field == "rating")
        let rated = try await f.focus.evaluate(id: next.id, for: f.user, rating: 5, note: "deep")
        #expect(rated.evaluationSubmitted)
    }

    @Test func otherUsersSessionsAndTasksAreNotFound() async throws {
        let f = Fixture()
        let session = try await f.focus.startTimer(for: f.user, kind: .work, minutes: 25, taskUUID: nil)
        var ben = f.user
        ben.id = 2
        await #expect(throws: AppError.notFound("Pomodoro session not found")) {
            try await f.focus.complete(id: session.id, for: ben)
        }
        let memory = f.stores.tasks as! InMemoryFocusSessionStore
        await memory.addTask(TaskRef(id: 7, uuid: "task-a", userId: 1, projectId: 1))
        await #expect(throws: AppError.notFound("Task not found")) {
            try await f.focus.startTimer(for: ben, kind: .work, minutes: 25, taskUUID: "task-a")
        }
        _ = try await f.focus.cancel(id: session.id, for: f.user)
        let withTask = try await f.focus.startTimer(for: f.user, kind: .work, minutes: 25, taskUUID: "task-a")
        #expect(withTask.taskId == 7)
    }

    @Test func durationMustBePositive() async throws {
        let f = Fixture()
        for minutes: Double in [0, -5, 24 * 60 + 1] {
            let error = await #expect(throws: AppError.self) {
                try await f.focus.startTimer(for: f.user, kind: .work, minutes: minutes, taskUUID: nil)
            }
            #expect(error?.field == "duration_minutes")
        }
    }

    @Test func aCompletedWorkSessionOnATaskBecomesATimeEntryAndNothingElseDoes() async throws {
        let f = Fixture()
        let memory = f.stores.tasks as! InMemoryFocusSessionStore
        await memory.addTask(TaskRef(id: 7, uuid: "task-a", userId: 1, projectId: 1))
        let cancelled = try await f.focus.startTimer(for: f.user, kind: .work, minutes: 25, taskUUID: "task-a")
        f.clock.advance(by: 60)
        _ = try await f.focus.cancel(id: cancelled.id, for: f.user)
        let plain = try await f.focus.startTimer(for: f.user, kind: .work, minutes: 25, taskUUID: nil)
        _ = try await f.focus.complete(id: plain.id, for: f.user)
        #expect(await memory.timeEntries.isEmpty)

        let start = f.clock.now()
        let focused = try await f.focus.startTimer(for: f.user, kind: .work, minutes: 25, taskUUID: "task-a")
        f.clock.advance(by: 40 * 60)
        _ = try await f.focus.complete(id: focused.id, for: f.user)
        let entries = await memory.timeEntries
        #expect(entries.count == 1)
        #expect(entries.first?.taskId == 7)
        #expect(entries.first?.begin == start)
        #expect(entries.first?.durationSeconds == Int64(1500))  // the credited 25 minutes, not the overrun
    }
}
