import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoTestSupport
import Testing

/// DESIGN.md: the three dialects are views of one store. These follow one thing across them.
@Suite struct DialectCrossingTests {
    @Test(arguments: TestBackend.available)
    func aCompletedPomodoroOnATaskIsATimeEntryOfThatTask(_ backend: TestBackend) async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_763_800_000))
        try await TestApp.run(backend, clock: clock) { client in
            let ws = try await Workspace.make(client, tasks: 1)
            // MUT: a TaskWorks pomodoro on the Time Magic task, completed
            let started = try await client.send(
                .post, "/api/v1/pomodoro", body: #"{"task_id": "\#(ws.tasks[0])", "duration_minutes": 25}"#,
                headers: ws.auth)
            #expect(started.status == .created, "\(started)")
            let id = try #require(started.data["id"] as? String)
            clock.advance(by: 25 * 60)
            #expect(try await client.send(.post, "/api/v1/pomodoro/\(id)/complete", headers: ws.auth).status == .ok)

            // validate: Time Magic sees it on the task
            let entries = try await client.send(.get, "/api/time_entries", headers: ws.auth).array
            let entry = try #require(entries.first)
            #expect(entries.count == 1)
            #expect(entry["resource_type"] as? String == "Task")
            #expect(entry["resource_uuid"] as? String == ws.tasks[0])
            #expect(entry["begin_time"] as? String == "2025-11-22T08:26:40Z")
            #expect(entry["end_time"] as? String == "2025-11-22T08:51:40Z")
            #expect(entry["duration"] as? Int == 1500)
        }
    }

    @Test(arguments: TestBackend.available)
    func timeMagicTasksAreTaskWorksTodayList(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let ws = try await Workspace.make(client, tasks: 0)
            let created = try await client.send(
                .post, "/api/projects/\(ws.project)/tasks",
                body: #"{"task": {"name": "Stretch", "time_label": "09:00", "daily_target": 2}}"#, headers: ws.auth)
            let uuid = try #require(created.json["uuid"] as? String)
            let today = try await client.send(.get, "/api/v1/tasks/today", headers: ws.auth)
            let item = try #require((today.json["data"] as? [[String: Any]])?.first)
            #expect(item["taskId"] as? String == uuid)
            #expect(item["title"] as? String == "Stretch")
            #expect(item["timeLabel"] as? String == "09:00")
            #expect(item["target"] as? Int == 2)

            _ = try await client.send(.put, "/api/tasks/\(uuid)?event=finish", headers: ws.auth)
            let after = try await client.send(.get, "/api/v1/tasks/today", headers: ws.auth)
            #expect((after.json["data"] as? [[String: Any]])?.isEmpty == true, "\(after)")
        }
    }

    @Test(arguments: TestBackend.available)
    func aGameSubmitsProjectIsATimeMagicProject(_ backend: TestBackend) async throws {
        try await TestApp.run(backend, clock: ManualClock(GameSubmitTests.now)) { client in
            let jwt = try await client.accessToken("ana")
            let submitted = try await client.send(
                .post, "/api/pomodoro/submit", body: GameSubmitTests.body(), headers: bearer(jwt))
            #expect(submitted.status == .created)
            let projects = try await client.send(.get, "/timemagic/api/projects", headers: bearer(jwt)).array
            #expect(projects.map { $0["name"] as? String } == ["Mac App Development"])
        }
    }
}
