import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoStore
import PomoTestSupport
import SQLKit
import Testing

/// Pomodoros and focus minutes per task (`GET /api/v1/tasks/focus`), kept with the other totals:
/// right after sessions on a task end, and gone with the task.
@Suite struct TaskFocusTests {
    @Test(arguments: TestBackend.available)
    func eachTaskCountsItsPomodoros(_ backend: TestBackend) async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_763_800_000))
        try await TestApp.runWithDatabase(backend, clock: clock) { client, database in
            let ana = bearer(try await client.accessToken("ana"))
            let project = try await client.send(
                .post, "/api/projects", body: #"{"project": {"name": "Site"}}"#, headers: ana)
            let projectId = try #require(project.json["uuid"] as? String)
            var tasks: [String] = []
            for name in ["Copy", "Layout"] {
                let task = try await client.send(
                    .post, "/api/projects/\(projectId)/tasks", body: #"{"task": {"name": "\#(name)"}}"#, headers: ana)
                tasks.append(try #require(task.json["uuid"] as? String))
            }
            func focus(_ task: String, minutes: Double, complete: Bool) async throws {
                let started = try await client.send(
                    .post, "/api/v1/pomodoro", body: #"{"duration_minutes": 25, "task_id": "\#(task)"}"#, headers: ana)
                let id = try #require(started.data["id"] as? String, "\(started)")
                clock.advance(by: minutes * 60)
                let ended =
                    complete
                    ? try await client.send(.post, "/api/v1/pomodoro/\(id)/complete", headers: ana)
                    : try await client.send(.delete, "/api/v1/pomodoro/\(id)/cancel", headers: ana)
                #expect(ended.status == .ok, "\(ended)")
            }
            try await focus(tasks[0], minutes: 25, complete: true)
            try await focus(tasks[0], minutes: 25, complete: true)
            try await focus(tasks[0], minutes: 5, complete: false)
            try await focus(tasks[1], minutes: 25, complete: true)
            let counts = try await client.send(.get, "/api/v1/tasks/focus", headers: ana)
            let rows = try #require(counts.json["data"] as? [[String: Any]], "\(counts)")
            let byTask = Dictionary(uniqueKeysWithValues: rows.map { ($0["task_id"] as? String ?? "", $0) })
            #expect(byTask[tasks[0]]?["pomodoros"] as? Int == 2 && byTask[tasks[0]]?["cancelled"] as? Int == 1)
            #expect(byTask[tasks[0]]?["minutes"] as? Double == 50, "\(rows)")
            #expect(byTask[tasks[1]]?["pomodoros"] as? Int == 1)
            #expect(try await FocusTotalsMaintenance.check(database).isEmpty)

            // Sessions on a deleted task keep their history without it: its counts go.
            #expect(try await client.send(.delete, "/api/tasks/\(tasks[1])", headers: ana).status == .noContent)
            let after = try await client.send(.get, "/api/v1/tasks/focus", headers: ana)
            #expect((after.json["data"] as? [[String: Any]])?.map { $0["task_id"] as? String } == [tasks[0]])
            #expect(try await FocusTotalsMaintenance.check(database).isEmpty)
            // A whole project deleted: its tasks' counts go too.
            #expect(try await client.send(.delete, "/api/projects/\(projectId)", headers: ana).status == .noContent)
            #expect(
                try await client.send(.get, "/api/v1/tasks/focus", headers: ana).body == #"{"data":[],"error":null}"#)
            #expect(try await FocusTotalsMaintenance.check(database).isEmpty)
        }
    }
}
