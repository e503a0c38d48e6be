import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoTestSupport
import Testing

/// A user's project with `count` tasks, made through the Time Magic routes.
struct Workspace {
    var auth: HTTPFields
    var project: String
    var tasks: [String]

    static func make(
        _ client: any TestClientProtocol, user: String = "ana", tasks count: Int = 3, parallel: Bool = false
    ) async throws -> Workspace {
        let auth = bearer(try await client.apiKey(user))
        let project = try await client.send(
            .post, "/api/projects", body: #"{"project": {"name": "P", "allow_parallel_tasks": \#(parallel)}}"#,
            headers: auth)
        let projectId = try #require(project.json["uuid"] as? String)
        var tasks: [String] = []
        for n in 0..<count {
            let task = try await client.send(
                .post, "/api/projects/\(projectId)/tasks", body: #"{"task": {"name": "T\#(n)"}}"#, headers: auth)
            tasks.append(try #require(task.json["uuid"] as? String))
        }
        return Workspace(auth: auth, project: projectId, tasks: tasks)
    }

    func event(_ client: any TestClientProtocol, _ task: Int, _ event: String) async throws -> Reply {
        try await client.send(.put, "/api/tasks/\(tasks[task])?event=\(event)", headers: auth)
    }

    func status(_ client: any TestClientProtocol, _ task: Int) async throws -> String? {
        try await client.send(.get, "/api/tasks/\(tasks[task])", headers: auth).json["status"] as? String
    }

    /// The uuids of the tasks whose entry is running.
    func running(_ client: any TestClientProtocol) async throws -> Set<String> {
        let entries = try await client.send(.get, "/api/time_entries", headers: auth).array
        return Set(entries.filter { $0["end_time"] is NSNull }.compactMap { $0["resource_uuid"] as? String })
    }
}

@Suite struct TimeMagicTrackingTests {
    @Test(arguments: TestBackend.available)
    func startAndStopTrackingOpenAndCloseAnEntry(_ backend: TestBackend) async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_763_800_000))
        try await TestApp.run(backend, clock: clock) { client in
            let ws = try await Workspace.make(client, tasks: 1)
            let started = try await ws.event(client, 0, "start_tracking")
            #expect(started.status == .ok, "\(started)")
            #expect(started.json["status"] as? String == "in_progress")
            #expect(try await ws.running(client) == [ws.tasks[0]])
            let tracking = try await client.send(.get, "/api/tasks/tracking", headers: ws.auth)
            #expect(tracking.array.map { $0["uuid"] as? String } == [ws.tasks[0]])

            clock.advance(by: 90)
            let stopped = try await ws.event(client, 0, "stop_tracking")
            #expect(stopped.json["status"] as? String == "pending")
            let entry = try #require(try await client.send(.get, "/api/time_entries", headers: ws.auth).array.first)
            #expect(entry["begin_time"] as? String == "2025-11-22T08:26:40Z")
            #expect(entry["end_time"] as? String == "2025-11-22T08:28:10Z")
            #expect(entry["duration"] as? Int == 90)
            #expect(entry["resource_type"] as? String == "Task")
            #expect(try await client.send(.get, "/api/tasks/tracking", headers: ws.auth).body == "[]")
        }
    }

    @Test(arguments: TestBackend.available)
    func theStateTableOfTaskEvents(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let ws = try await Workspace.make(client, tasks: 1)
            // (event, expected status code, expected task status afterwards)
            let steps: [(String, HTTPResponse.Status, String)] = [
                ("stop_tracking", .unprocessableContent, "pending"),
                ("start_without_tracking", .ok, "in_progress"),
                ("start_without_tracking", .unprocessableContent, "in_progress"),
                ("start_tracking", .ok, "in_progress"),
                ("start_tracking", .unprocessableContent, "in_progress"),
                ("switch_tracking", .unprocessableContent, "in_progress"),
                ("stop_tracking", .ok, "pending"),
                ("finish", .ok, "completed"),
                ("start_tracking", .unprocessableContent, "completed"),
                ("finish", .unprocessableContent, "completed"),
            ]
            for (event, code, status) in steps {
                let reply = try await ws.event(client, 0, event)
                #expect(reply.status == code, "\(event): \(reply)")
                #expect(try await ws.status(client, 0) == status, "after \(event)")
            }
            #expect(try await ws.running(client).isEmpty)
            let again = try await ws.event(client, 0, "stop_tracking")
            #expect(again.body == #"{"errors":{"base":["Event 'stop_tracking' cannot transition from 'completed'"]}}"#)
            let unknown = try await ws.event(client, 0, "teleport")
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.body == #"{"errors":{"event":["is not a valid event"]}}"#)
        }
    }

    @Test(arguments: TestBackend.available)
    func aThirdTrackedTaskIsRefusedAndSwitchMovesTheTracking(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let ws = try await Workspace.make(client, tasks: 4)
            #expect(try await ws.event(client, 0, "start_tracking").status == .ok)
            #expect(try await ws.event(client, 1, "start_tracking").status == .ok)
            let third = try await ws.event(client, 2, "start_tracking")
            #expect(third.status == .unprocessableContent)
            #expect(third.body == #"{"errors":{"base":["Active tasks with time tracking limit is reached"]}}"#)
            #expect(try await ws.status(client, 2) == "pending")

            // MUT: switch stops both running tasks and starts the third, in one transaction
            let switched = try await ws.event(client, 2, "switch_tracking")
            // validate
            #expect(switched.status == .ok, "\(switched)")
            #expect(try await ws.running(client) == [ws.tasks[2]])
            #expect(try await ws.status(client, 0) == "pending")
            #expect(try await ws.status(client, 1) == "pending")
            let entries = try await client.send(.get, "/api/time_entries", headers: ws.auth).array
            #expect(entries.count == 3)
            #expect(entries.filter { $0["end_time"] is NSNull }.count == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func switchInAParallelProjectLeavesItsOtherTaskRunning(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let ws = try await Workspace.make(client, tasks: 2, parallel: true)
            _ = try await ws.event(client, 0, "start_tracking")
            #expect(try await ws.event(client, 1, "switch_tracking").status == .ok)
            #expect(try await ws.running(client) == Set(ws.tasks))
        }
    }

    @Test(arguments: TestBackend.available)
    func concurrentStartsNeverTrackMoreThanTwoTasks(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let ws = try await Workspace.make(client, tasks: 6)
            let codes = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for n in 0..<6 { group.addTask { try await ws.event(client, n, "start_tracking").status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(codes.filter { $0 == .ok }.count == 2, "\(codes)")
            #expect(codes.filter { $0 == .unprocessableContent }.count == 4)
            #expect(try await ws.running(client).count == 2)
        }
    }

    @Test(arguments: TestBackend.available)
    func concurrentSwitchesLeaveExactlyOneRunningEntry(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let ws = try await Workspace.make(client, tasks: 5)
            _ = try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<5 { group.addTask { _ = try await ws.event(client, n, "switch_tracking") } }
                try await group.waitForAll()
            }
            #expect(try await ws.running(client).count == 1)
            let tracking = try await client.send(.get, "/api/tasks/tracking", headers: ws.auth).array
            #expect(tracking.count == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func activitiesTrackTimeWithoutCountingTowardTheTaskLimit(_ backend: TestBackend) async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_763_800_000))
        try await TestApp.run(backend, clock: clock) { client in
            let ws = try await Workspace.make(client, tasks: 2)
            _ = try await ws.event(client, 0, "start_tracking")
            _ = try await ws.event(client, 1, "start_tracking")
            let created = try await client.send(
                .post, "/api/activities", body: #"{"activity": {"name": "Gym", "activity_type": "leisure"}}"#,
                headers: ws.auth)
            #expect(created.status == .created, "\(created)")
            #expect(
                Set(created.json.keys) == ["uuid", "name", "activity_type", "aasm_state", "created_at", "updated_at"])
            #expect(created.json["aasm_state"] as? String == "pending")
            let id = try #require(created.json["uuid"] as? String)

            let started = try await client.send(.put, "/api/activities/\(id)?event=start_tracking", headers: ws.auth)
            #expect(started.json["aasm_state"] as? String == "in_progress", "\(started)")
            let twice = try await client.send(.put, "/api/activities/\(id)?event=start_tracking", headers: ws.auth)
            #expect(twice.status == .unprocessableContent)
            clock.advance(by: 600)
            let stopped = try await client.send(.patch, "/api/activities/\(id)?event=stop_tracking", headers: ws.auth)
            #expect(stopped.json["aasm_state"] as? String == "pending")
            let entries = try await client.send(.get, "/api/time_entries", headers: ws.auth).array
            let gym = try #require(entries.first { $0["resource_type"] as? String == "Activity" })
            #expect(gym["duration"] as? Int == 600)
            #expect(gym["resource_uuid"] as? String == id)

            let renamed = try await client.send(
                .put, "/api/activities/\(id)", body: #"{"activity": {"name": "Run"}}"#, headers: ws.auth)
            #expect(renamed.json["name"] as? String == "Run")
            #expect(renamed.json["activity_type"] as? String == "leisure")
            let badType = try await client.send(
                .put, "/api/activities/\(id)", body: #"{"activity": {"activity_type": "chores"}}"#, headers: ws.auth)
            #expect(badType.body == #"{"errors":{"activity_type":["is not included in the list"]}}"#)
            let badEvent = try await client.send(.put, "/api/activities/\(id)?event=finish", headers: ws.auth)
            #expect(badEvent.body == #"{"errors":{"event":["is not a valid event"]}}"#)
            #expect(try await client.send(.get, "/api/activities", headers: ws.auth).array.count == 1)
            #expect(try await client.send(.delete, "/api/activities/\(id)", headers: ws.auth).status == .noContent)
            #expect(try await client.send(.get, "/api/activities", headers: ws.auth).body == "[]")
        }
    }
}
