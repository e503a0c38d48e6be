import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoTestSupport
import Testing

@Suite struct TimeMagicGoalsEntriesTests {
    static let goalKeys: Set = [
        "uuid", "text", "period", "begin_date", "month", "goalable_type", "goalable_uuid", "created_at", "updated_at",
    ]
    static let entryKeys: Set = [
        "uuid", "begin_time", "end_time", "duration", "comment", "resource_type", "resource_uuid", "created_at",
        "updated_at",
    ]

    @Test(arguments: TestBackend.available)
    func goalsStartTheirPeriodAndAreUniquePerOwnerPeriodAndDate(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let ws = try await Workspace.make(client, tasks: 0)
            // The seed's `month` and the model's `begin_date` are one field; week is the default period.
            let weekly = try await client.send(
                .post, "/api/goals", body: #"{"goal": {"text": "Ship", "month": "2025-10-02"}}"#, headers: ws.auth)
            #expect(weekly.status == .created, "\(weekly)")
            #expect(Set(weekly.json.keys) == Self.goalKeys)
            #expect(weekly.json["period"] as? String == "week")
            #expect(weekly.json["begin_date"] as? String == "2025-09-29")
            #expect(weekly.json["month"] as? String == "2025-09-29")
            #expect(weekly.json["goalable_type"] as? String == "User")
            #expect(UUID(uuidString: weekly.json["goalable_uuid"] as? String ?? "") != nil)

            let monthly = try await client.send(
                .post, "/api/goals",
                body:
                    #"{"goal": {"text": "Grow", "period": "month", "begin_date": "2025-10-17", "project_id": "\#(ws.project)"}}"#,
                headers: ws.auth)
            #expect(monthly.json["begin_date"] as? String == "2025-10-01")
            #expect(monthly.json["goalable_type"] as? String == "Project")
            #expect(monthly.json["goalable_uuid"] as? String == ws.project)

            let duplicate = try await client.send(
                .post, "/api/goals", body: #"{"goal": {"text": "Again", "begin_date": "2025-10-05"}}"#, headers: ws.auth
            )
            #expect(duplicate.status == .unprocessableContent)
            #expect(duplicate.body == #"{"errors":{"begin_date":["has already been taken"]}}"#)
            // The same date for the project is another owner: allowed.
            let projectWeek = try await client.send(
                .post, "/api/goals",
                body: #"{"goal": {"text": "P", "begin_date": "2025-10-05", "project_id": "\#(ws.project)"}}"#,
                headers: ws.auth)
            #expect(projectWeek.status == .created)

            #expect(try await client.send(.get, "/api/goals", headers: ws.auth).array.count == 3)
            let filtered = try await client.send(.get, "/api/goals?project_id=\(ws.project)", headers: ws.auth)
            #expect(Set(filtered.array.compactMap { $0["text"] as? String }) == ["Grow", "P"])

            let id = try #require(weekly.json["uuid"] as? String)
            let moved = try await client.send(
                .put, "/api/goals/\(id)", body: #"{"goal": {"period": "month", "month": "2025-11-20"}}"#,
                headers: ws.auth)
            #expect(moved.json["begin_date"] as? String == "2025-11-01", "\(moved)")
            #expect(moved.json["text"] as? String == "Ship")
            let badPeriod = try await client.send(
                .put, "/api/goals/\(id)", body: #"{"goal": {"period": "year"}}"#, headers: ws.auth)
            #expect(badPeriod.body == #"{"errors":{"period":["is not included in the list"]}}"#)
            let badDate = try await client.send(
                .post, "/api/goals", body: #"{"goal": {"text": "X", "begin_date": "2025-02-30"}}"#, headers: ws.auth)
            #expect(badDate.body == #"{"errors":{"begin_date":["is not a valid date"]}}"#)
            let noDate = try await client.send(.post, "/api/goals", body: #"{"goal": {"text": "X"}}"#, headers: ws.auth)
            #expect(noDate.body == #"{"errors":{"begin_date":["can't be blank"]}}"#)
            #expect(try await client.send(.delete, "/api/goals/\(id)", headers: ws.auth).status == .noContent)
            #expect(try await client.send(.get, "/api/goals/\(id)", headers: ws.auth).status == .notFound)
        }
    }

    @Test(arguments: TestBackend.available)
    func timeEntriesComputeTheirDurationAndAttachToTheCallersResources(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let ws = try await Workspace.make(client, tasks: 1)
            let created = try await client.send(
                .post, "/api/time_entries",
                body:
                    #"{"time_entry": {"begin_time": "2025-10-01T10:00:00+02:00", "end_time": "2025-10-01T09:30:00Z", "duration": 1, "comment": "review", "resource_type": "task", "resource_id": "\#(ws.tasks[0])"}}"#,
                headers: ws.auth)
            #expect(created.status == .created, "\(created)")
            #expect(Set(created.json.keys) == Self.entryKeys)
            #expect(created.json["begin_time"] as? String == "2025-10-01T08:00:00Z")
            #expect(created.json["duration"] as? Int == 5400)
            #expect(created.json["resource_type"] as? String == "Task")
            #expect(created.json["resource_uuid"] as? String == ws.tasks[0])

            let fromDuration = try await client.send(
                .post, "/api/time_entries",
                body: #"{"time_entry": {"begin_time": "2025-10-01T10:00:00Z", "duration": 3600}}"#, headers: ws.auth)
            #expect(fromDuration.json["end_time"] as? String == "2025-10-01T11:00:00Z")
            #expect(fromDuration.json["resource_type"] is NSNull)

            // A resource that is not the caller's leaves the entry unattached, silently.
            let other = try await Workspace.make(client, user: "bob", tasks: 1)
            let foreign = try await client.send(
                .post, "/api/time_entries",
                body:
                    #"{"time_entry": {"begin_time": "2025-10-01T10:00:00Z", "resource_type": "task", "resource_id": "\#(other.tasks[0])"}}"#,
                headers: ws.auth)
            #expect(foreign.status == .created)
            #expect(foreign.json["resource_uuid"] is NSNull && foreign.json["end_time"] is NSNull)

            let backwards = try await client.send(
                .post, "/api/time_entries",
                body: #"{"time_entry": {"begin_time": "2025-10-01T10:00:00Z", "end_time": "2025-10-01T09:00:00Z"}}"#,
                headers: ws.auth)
            #expect(backwards.status == .unprocessableContent)
            #expect(backwards.body == #"{"errors":{"end_time":["must be after begin_time"]}}"#)
            let noBegin = try await client.send(
                .post, "/api/time_entries", body: #"{"time_entry": {"comment": "x"}}"#, headers: ws.auth)
            #expect(noBegin.body == #"{"errors":{"begin_time":["can't be blank"]}}"#)
            let badTime = try await client.send(
                .post, "/api/time_entries", body: #"{"time_entry": {"begin_time": "noon"}}"#, headers: ws.auth)
            #expect(badTime.body == #"{"errors":{"begin_time":["is not a valid ISO-8601 time"]}}"#)
            let badType = try await client.send(
                .post, "/api/time_entries",
                body: #"{"time_entry": {"begin_time": "2025-10-01T10:00:00Z", "resource_type": "meeting"}}"#,
                headers: ws.auth)
            #expect(badType.body == #"{"errors":{"resource_type":["is not included in the list"]}}"#)
            let oldNames = try await client.send(
                .post, "/api/time_entries",
                body: #"{"time_entry": {"started_at": "2025-10-02T10:00:00Z", "ended_at": "2025-10-02T10:01:00Z"}}"#,
                headers: ws.auth)
            #expect(oldNames.json["duration"] as? Int == 60, "\(oldNames)")

            let id = try #require(created.json["uuid"] as? String)
            let updated = try await client.send(
                .put, "/api/time_entries/\(id)",
                body: #"{"time_entry": {"end_time": "2025-10-01T08:45:00Z", "comment": null}}"#, headers: ws.auth)
            #expect(updated.json["duration"] as? Int == 2700, "\(updated)")
            #expect(updated.json["comment"] is NSNull)
            #expect(updated.json["resource_uuid"] as? String == ws.tasks[0])
            #expect(
                try await client.send(.get, "/api/time_entries/\(id)", headers: ws.auth).json["duration"] as? Int
                    == 2700)
            #expect(try await client.send(.delete, "/api/time_entries/\(id)", headers: ws.auth).status == .noContent)
            #expect(try await client.send(.get, "/api/time_entries", headers: ws.auth).array.count == 3)
        }
    }

    @Test(arguments: TestBackend.available)
    func aTaskHasAtMostOneRunningEntry(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let ws = try await Workspace.make(client, tasks: 1)
            let running =
                #"{"time_entry": {"begin_time": "2025-10-01T10:00:00Z", "resource_type": "Task", "resource_id": "\#(ws.tasks[0])"}}"#
            #expect(
                try await client.send(.post, "/api/time_entries", body: running, headers: ws.auth).status == .created)
            let second = try await client.send(.post, "/api/time_entries", body: running, headers: ws.auth)
            #expect(second.status == .unprocessableContent)
            #expect(second.body == #"{"errors":{"base":["Only one running time entry per task or activity"]}}"#)
            // Tracking the task adopts the entry it already has rather than opening a second.
            let start = try await ws.event(client, 0, "start_tracking")
            #expect(start.json["status"] as? String == "in_progress", "\(start)")
            #expect(try await client.send(.get, "/api/time_entries", headers: ws.auth).array.count == 1)
            #expect(try await ws.running(client) == [ws.tasks[0]])
        }
    }
}
