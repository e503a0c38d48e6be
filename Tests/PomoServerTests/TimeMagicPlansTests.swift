import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoServer
import PomoTestSupport
import Testing

/// Estimations, reports and the project settings they use, as the Time Magic maintainer's guide
/// gives them (REFERENCE.md 3.2), on SQLite and PostgreSQL.
@Suite struct TimeMagicPlansTests {
    static let estimationKeys: Set = [
        "uuid", "title", "description", "starts_at", "ends_at", "roadmap_state", "data", "project_uuid", "task_uuids",
        "created_at", "updated_at",
    ]
    static let reportKeys: Set = [
        "uuid", "title", "description", "begin_date", "end_date", "data", "project_uuid", "selected_task_uuids",
        "excluded_task_uuids", "created_at", "updated_at",
    ]
    static let cannot = #"{"errors":{"base":["Estimation roadmap cannot be calculated"]}}"#

    /// A project and its tasks, with the `data` each task is created with.
    static func project(
        _ client: any TestClientProtocol, _ auth: HTTPFields, hours: String?, tasks: [(String, String?)]
    ) async throws -> (uuid: String, tasks: [String]) {
        let settings = hours.map { #", "working_hours_per_day": \#($0)"# } ?? ""
        let project = try await client.send(
            .post, "/api/projects", body: #"{"project": {"name": "Launch"\#(settings)}}"#, headers: auth)
        #expect(project.status == .created, "\(project)")
        let uuid = try #require(project.json["uuid"] as? String)
        var ids: [String] = []
        for (name, data) in tasks {
            let task = try await client.send(
                .post, "/api/projects/\(uuid)/tasks",
                body: #"{"task": {"name": "\#(name)"\#(data.map { #", "data": \#($0)"# } ?? "")}}"#, headers: auth)
            #expect(task.status == .created, "\(task)")
            ids.append(try #require(task.json["uuid"] as? String))
        }
        return (uuid, ids)
    }

    @Test(arguments: TestBackend.available)
    func anEstimationsRoadmapSchedulesItsTasksOverWorkingDays(_ backend: TestBackend) async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_764_900_000))
        try await TestApp.run(backend, clock: clock) { client in
            let auth = bearer(try await client.apiKey("ana"))
            let (project, tasks) = try await Self.project(
                client, auth, hours: "6",
                tasks: [
                    ("Design", #"{"estimated_hours": 8}"#), ("Build", #"{"estimated_hours": "4"}"#), ("Ship", nil),
                ])
            let shown = try await client.send(.get, "/api/projects/\(project)", headers: auth)
            #expect(shown.json["working_hours_per_day"] as? Double == 6)
            #expect(shown.json["allow_parallel_tasks"] as? Bool == false)

            // MUT: create (Friday to Tuesday), then calculate
            let created = try await client.send(
                .post, "/api/projects/\(project)/estimations",
                body: #"""
                    {"estimation": {"title": "v1", "description": "first cut", "starts_at": "2025-12-05",
                     "ends_at": "2025-12-09", "task_uuids": ["\#(tasks[0])", "\#(tasks[1].uppercased())", "\#(tasks[2])"]}}
                    """#, headers: auth)
            #expect(created.status == .created, "\(created)")
            #expect(Set(created.json.keys) == Self.estimationKeys)
            #expect(created.json["roadmap_state"] as? String == "idle")
            #expect(created.json["data"] is NSNull)
            #expect(created.json["task_uuids"] as? [String] == tasks)
            #expect(created.json["project_uuid"] as? String == project)
            let uuid = try #require(created.json["uuid"] as? String)
            let calculated = try await client.send(
                .put, "/api/estimations/\(uuid)?event=calculate_roadmap", headers: auth)

            // validate: Design 8 h takes Friday and 2 h of Monday, Build the rest of Monday, Ship Tuesday
            #expect(calculated.status == .ok, "\(calculated)")
            #expect(calculated.json["roadmap_state"] as? String == "calculated")
            let data = try #require(calculated.json["data"] as? [String: Any])
            #expect(data["working_days"] as? Int == 3)
            #expect(data["capacity_hours"] as? Double == 18)
            #expect(data["estimated_hours"] as? Double == 13)
            #expect(data["fits"] as? Bool == true)
            #expect(data["finishes_on"] as? String == "2025-12-09")
            let steps = try #require(data["tasks"] as? [[String: Any]])
            #expect(steps.map { $0["name"] as? String } == ["Design", "Build", "Ship"])
            #expect(steps.map { $0["estimated_hours"] as? Double } == [8, 4, 1])
            #expect(steps.map { $0["starts_on"] as? String } == ["2025-12-05", "2025-12-08", "2025-12-09"])
            #expect(steps.map { $0["ends_on"] as? String } == ["2025-12-08", "2025-12-08", "2025-12-09"])

            // A title change keeps the roadmap; new dates make it idle again, and it no longer fits.
            let retitled = try await client.send(
                .put, "/api/estimations/\(uuid)", body: #"{"estimation": {"title": "v2"}}"#, headers: auth)
            #expect(retitled.json["roadmap_state"] as? String == "calculated", "\(retitled)")
            let shorter = try await client.send(
                .patch, "/api/estimations/\(uuid)", body: #"{"estimation": {"ends_at": "2025-12-08"}}"#, headers: auth)
            #expect(shorter.json["roadmap_state"] as? String == "idle", "\(shorter)")
            let again = try await client.send(.put, "/api/estimations/\(uuid)?event=calculate_roadmap", headers: auth)
            let late = try #require(again.json["data"] as? [String: Any])
            #expect(late["fits"] as? Bool == false)
            #expect((late["tasks"] as? [[String: Any]])?.map { $0["fits"] as? Bool } == [true, true, false])

            let list = try await client.send(.get, "/api/projects/\(project)/estimations", headers: auth)
            #expect(list.array.map { $0["title"] as? String } == ["v2"])
            #expect(
                try await client.send(.get, "/api/estimations/\(uuid)", headers: auth).json["title"] as? String == "v2")
            #expect(try await client.send(.delete, "/api/estimations/\(uuid)", headers: auth).status == .noContent)
            let gone = try await client.send(.get, "/api/estimations/\(uuid)", headers: auth)
            #expect(gone.status == .notFound && gone.body == #"{"errors":"Not found"}"#)
        }
    }

    @Test(arguments: TestBackend.available)
    func aRoadmapThatCannotBeCalculatedIsRefusedInTimeMagicsWords(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let auth = bearer(try await client.apiKey("ana"))
            let (withHours, tasks) = try await Self.project(client, auth, hours: "7.5", tasks: [("A", nil)])
            let (withoutHours, others) = try await Self.project(client, auth, hours: nil, tasks: [("B", nil)])
            let cases: [(String, String)] = [
                (withHours, #"{"estimation": {"title": "no dates", "task_uuids": ["\#(tasks[0])"]}}"#),
                (
                    withHours,
                    #"{"estimation": {"title": "no tasks", "starts_at": "2025-12-01", "ends_at": "2025-12-05"}}"#
                ),
                (
                    withoutHours,
                    #"{"estimation": {"title": "no hours", "starts_at": "2025-12-01", "ends_at": "2025-12-05", "task_uuids": ["\#(others[0])"]}}"#
                ),
            ]
            for (project, body) in cases {
                let created = try await client.send(
                    .post, "/api/projects/\(project)/estimations", body: body, headers: auth)
                #expect(created.status == .created, "\(created)")
                let uuid = try #require(created.json["uuid"] as? String)
                let refused = try await client.send(
                    .put, "/api/estimations/\(uuid)?event=calculate_roadmap", headers: auth)
                #expect(refused.status == .unprocessableContent, "\(body): \(refused)")
                #expect(refused.body == Self.cannot, "\(body)")
                let unknown = try await client.send(.put, "/api/estimations/\(uuid)?event=guess", headers: auth)
                #expect(unknown.body == #"{"errors":{"event":["is not a valid event"]}}"#)
            }

            // Bad fields, each named as Rails would.
            let bad: [(String, String)] = [
                (#"{"estimation": {"description": "untitled"}}"#, #"{"errors":{"title":["can't be blank"]}}"#),
                (
                    #"{"estimation": {"title": "t", "starts_at": "2025-02-30"}}"#,
                    #"{"errors":{"starts_at":["is not a valid date"]}}"#
                ),
                (
                    #"{"estimation": {"title": "t", "starts_at": "2025-12-05", "ends_at": "2025-12-01"}}"#,
                    #"{"errors":{"ends_at":["must be on or after starts_at"]}}"#
                ),
                (
                    #"{"estimation": {"title": "t", "task_uuids": ["\#(others[0])"]}}"#,
                    #"{"errors":{"task_uuids":["must name tasks of this project"]}}"#
                ),
                (#"{"estimation": {"title": "t", "task_uuids": "x"}}"#, #"{"errors":{"task_uuids":["#),
            ]
            for (body, answer) in bad {
                let reply = try await client.send(
                    .post, "/api/projects/\(withHours)/estimations", body: body, headers: auth)
                #expect(reply.status == .unprocessableContent, "\(body): \(reply)")
                #expect(reply.body.hasPrefix(answer), "\(body): \(reply.body)")
            }
            let hours = try await client.send(
                .put, "/api/projects/\(withHours)", body: #"{"project": {"working_hours_per_day": 25}}"#, headers: auth)
            #expect(hours.body == #"{"errors":{"working_hours_per_day":["must be greater than 0 and at most 24"]}}"#)
        }
    }

    @Test(arguments: TestBackend.available)
    func aReportCountsTheTrackedTimeOfItsTasksBetweenItsDates(_ backend: TestBackend) async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_765_000_000))
        try await TestApp.run(backend, clock: clock) { client in
            let auth = bearer(try await client.apiKey("ana"))
            let (project, tasks) = try await Self.project(
                client, auth, hours: nil, tasks: [("Design", nil), ("Build", nil), ("Ship", nil)])
            for (task, begin, end) in [
                (tasks[0], "2025-12-01T09:00:00Z", "2025-12-01T10:00:00Z"),
                (tasks[1], "2025-12-02T10:00:00Z", "2025-12-02T10:30:00Z"),
                (tasks[0], "2025-12-08T09:00:00Z", "2025-12-08T12:00:00Z"),  // after the report's dates
            ] {
                let entry = try await client.send(
                    .post, "/api/time_entries",
                    body:
                        #"{"time_entry": {"begin_time": "\#(begin)", "end_time": "\#(end)", "resource_type": "task", "resource_id": "\#(task)"}}"#,
                    headers: auth)
                #expect(entry.status == .created, "\(entry)")
            }

            // MUT: reports over the first week: all tasks, all but Build, only Build
            let bodies = [
                #"{"report": {"title": "Week 49", "begin_date": "2025-12-01", "end_date": "2025-12-07"}}"#,
                #"{"report": {"begin_date": "2025-12-01", "end_date": "2025-12-07", "excluded_task_uuids": ["\#(tasks[1])"]}}"#,
                #"{"report": {"begin_date": "2025-12-01", "end_date": "2025-12-07", "selected_task_uuids": ["\#(tasks[1])"]}}"#,
            ]
            var reports: [[String: Any]] = []
            for body in bodies {
                let reply = try await client.send(.post, "/api/projects/\(project)/reports", body: body, headers: auth)
                #expect(reply.status == .created, "\(reply)")
                reports.append(reply.json)
            }

            // validate
            #expect(Set(reports[0].keys) == Self.reportKeys)
            let data = reports.map { $0["data"] as? [String: Any] ?? [:] }
            #expect(data.map { $0["total_seconds"] as? Int } == [5400, 3600, 1800])
            let perTask = (data[0]["tasks"] as? [[String: Any]] ?? []).map {
                "\($0["name"] as? String ?? ""):\($0["seconds"] as? Int ?? -1)"
            }
            #expect(perTask == ["Design:3600", "Build:1800", "Ship:0"])
            #expect(reports[1]["excluded_task_uuids"] as? [String] == [tasks[1]])
            #expect(reports[1]["title"] is NSNull)

            // A new entry in range counts once the report is updated.
            _ = try await client.send(
                .post, "/api/time_entries",
                body:
                    #"{"time_entry": {"begin_time": "2025-12-03T08:00:00Z", "end_time": "2025-12-03T08:10:00Z", "resource_type": "task", "resource_id": "\#(tasks[2])"}}"#,
                headers: auth)
            let uuid = try #require(reports[0]["uuid"] as? String)
            let updated = try await client.send(.put, "/api/reports/\(uuid)", body: #"{"report": {}}"#, headers: auth)
            #expect((updated.json["data"] as? [String: Any])?["total_seconds"] as? Int == 6000, "\(updated)")

            let list = try await client.send(.get, "/api/projects/\(project)/reports", headers: auth)
            #expect(list.array.count == 3)
            let missing = try await client.send(
                .post, "/api/projects/\(project)/reports", body: #"{"report": {"end_date": "2025-12-07"}}"#,
                headers: auth)
            #expect(missing.body == #"{"errors":{"begin_date":["can't be blank"]}}"#)
            let backwards = try await client.send(
                .post, "/api/projects/\(project)/reports",
                body: #"{"report": {"begin_date": "2025-12-07", "end_date": "2025-12-01"}}"#, headers: auth)
            #expect(backwards.body == #"{"errors":{"end_date":["must be on or after begin_date"]}}"#)
            #expect(try await client.send(.delete, "/api/reports/\(uuid)", headers: auth).status == .noContent)
            #expect(try await client.send(.get, "/api/reports/\(uuid)", headers: auth).status == .notFound)
        }
    }

    /// Under every Time Magic rule: another user's are 404, a GET needs a subscription, each
    /// request counts against the limit, and deleting the project deletes them.
    @Test(arguments: TestBackend.available)
    func plansFollowTimeMagicsRulesAndGoWithTheirProject(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let auth = bearer(try await client.apiKey("ana"))
            let ben = bearer(try await client.apiKey("ben"))
            let (project, tasks) = try await Self.project(client, auth, hours: "8", tasks: [("A", nil)])
            let estimation = try await client.send(
                .post, "/api/projects/\(project)/estimations",
                body: #"{"estimation": {"title": "e", "task_uuids": ["\#(tasks[0])"]}}"#, headers: auth)
            let report = try await client.send(
                .post, "/api/projects/\(project)/reports",
                body: #"{"report": {"begin_date": "2025-12-01", "end_date": "2025-12-07"}}"#, headers: auth)
            let e = try #require(estimation.json["uuid"] as? String)
            let r = try #require(report.json["uuid"] as? String)
            for (method, path) in [
                (HTTPRequest.Method.get, "/api/estimations/\(e)"),
                (.put, "/api/estimations/\(e)?event=calculate_roadmap"),
                (.delete, "/api/estimations/\(e)"), (.get, "/api/reports/\(r)"), (.delete, "/api/reports/\(r)"),
                (.get, "/api/projects/\(project)/estimations"), (.get, "/api/projects/\(project)/reports"),
                (.post, "/timemagic/api/projects/\(project)/reports"),
            ] {
                let reply = try await client.send(
                    method, path, body: method == .post ? #"{"report": {}}"# : nil, headers: ben)
                #expect(reply.status == .notFound, "\(method) \(path): \(reply)")
                #expect(reply.body == #"{"errors":"Not found"}"#)
            }
            for path in ["/api/estimations/\(e)", "/api/reports/\(r)"] {
                #expect(try await client.send(.get, path, headers: [:]).body == #"{"errors":"Unauthorized"}"#)
            }

            // MUT: the project goes
            #expect(try await client.send(.delete, "/api/projects/\(project)", headers: auth).status == .noContent)
            // validate
            for path in ["/api/estimations/\(e)", "/api/reports/\(r)"] {
                #expect(try await client.send(.get, path, headers: auth).status == .notFound, "\(path)")
            }
        }
        try await TestApp.run(
            backend,
            configure: {
                $0.defaultSubscriptionActive = false
                $0.timeMagicRateLimit = 5
            }
        ) { client in
            let auth = bearer(try await client.apiKey("ana"))
            let (project, _) = try await Self.project(client, auth, hours: nil, tasks: [])  // 1 request
            let report = try await client.send(
                .post, "/api/projects/\(project)/reports",
                body: #"{"report": {"begin_date": "2025-12-01", "end_date": "2025-12-07"}}"#, headers: auth)
            #expect(report.status == .created, "\(report)")
            let uuid = try #require(report.json["uuid"] as? String)
            for path in ["/api/reports/\(uuid)", "/api/projects/\(project)/estimations"] {
                let read = try await client.send(.get, path, headers: auth)
                #expect(read.status.code == 402, "\(path): \(read)")
            }
            #expect(try await client.send(.delete, "/api/reports/\(uuid)", headers: auth).status == .noContent)
            let limited = try await client.send(.get, "/api/projects/\(project)/reports", headers: auth)
            #expect(limited.status == .tooManyRequests, "\(limited)")
        }
    }
}
