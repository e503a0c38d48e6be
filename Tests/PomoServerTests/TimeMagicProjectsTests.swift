import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoTestSupport
import Testing

@Suite struct TimeMagicProjectsTests {
    static let projectKeys: Set = [
        "uuid", "name", "description", "project_type", "rate_cents", "rate_currency", "allow_parallel_tasks",
        "working_hours_per_day", "created_at", "updated_at",
    ]
    static let taskKeys: Set = [
        "uuid", "name", "description", "status", "task_type", "data", "project_uuid", "created_at", "updated_at",
    ]

    @Test(arguments: TestBackend.available)
    func projectsAreCreatedListedShownUpdatedAndDeleted(_ backend: TestBackend) async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_763_800_000))
        try await TestApp.run(backend, clock: clock) { client in
            let auth = bearer(try await client.apiKey("ana"))
            // MUT: create
            let created = try await client.send(
                .post, "/api/projects",
                body:
                    #"{"project": {"name": "Site", "description": "Landing", "project_type": "tech_startup", "rate_cents": 5000, "rate_currency": "USD"}}"#,
                headers: auth)
            // validate
            #expect(created.status == .created, "\(created)")
            #expect(Set(created.json.keys) == Self.projectKeys)
            #expect(created.json["project_type"] as? String == "tech_startup")
            #expect(created.json["rate_cents"] as? Int == 5000)
            #expect(created.json["created_at"] as? String == "2025-11-22T08:26:40Z")
            let uuid = try #require(created.json["uuid"] as? String)
            #expect(UUID(uuidString: uuid) != nil)

            let bare = try await client.send(
                .post, "/api/projects", body: #"{"project": {"name": "Bare"}}"#, headers: auth)
            #expect(bare.json["project_type"] as? String == "other")
            #expect(bare.json["description"] is NSNull && bare.json["rate_cents"] is NSNull)

            let list = try await client.send(.get, "/api/projects", headers: auth)
            #expect(list.status == .ok)
            #expect(list.array.map { $0["name"] as? String } == ["Site", "Bare"])

            clock.advance(by: 60)
            let updated = try await client.send(
                .put, "/api/projects/\(uuid)", body: #"{"project": {"name": "Site 2", "rate_cents": null}}"#,
                headers: auth)
            #expect(updated.status == .ok, "\(updated)")
            #expect(updated.json["name"] as? String == "Site 2")
            #expect(updated.json["description"] as? String == "Landing")
            #expect(updated.json["rate_cents"] is NSNull)
            #expect(updated.json["updated_at"] as? String == "2025-11-22T08:27:40Z")
            let shown = try await client.send(.get, "/api/projects/\(uuid.uppercased())", headers: auth)
            #expect(shown.json["name"] as? String == "Site 2")

            let deleted = try await client.send(.delete, "/api/projects/\(uuid)", headers: auth)
            #expect(deleted.status == .noContent)
            #expect(deleted.body.isEmpty)
            let gone = try await client.send(.get, "/api/projects/\(uuid)", headers: auth)
            #expect(gone.status == .notFound)
            #expect(gone.body == #"{"errors":"Not found"}"#)
        }
    }

    @Test(arguments: TestBackend.available)
    func allFiveProjectTypesAreAcceptedAndOthersRefused(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let auth = bearer(try await client.apiKey("ana"))
            for type in ["tech_startup", "creator", "salary", "other", "outsource"] {
                let reply = try await client.send(
                    .post, "/api/projects", body: #"{"project": {"name": "P", "project_type": "\#(type)"}}"#,
                    headers: auth)
                #expect(reply.status == .created, "\(type): \(reply)")
            }
            let bad = try await client.send(
                .post, "/api/projects", body: #"{"project": {"name": "P", "project_type": "hobby"}}"#, headers: auth)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.body == #"{"errors":{"project_type":["is not included in the list"]}}"#)
            let blank = try await client.send(
                .post, "/api/projects", body: #"{"project": {"name": " "}}"#, headers: auth)
            #expect(blank.body == #"{"errors":{"name":["can't be blank"]}}"#)
            let typed = try await client.send(
                .post, "/api/projects", body: #"{"project": {"name": "P", "rate_cents": "lots"}}"#, headers: auth)
            #expect(typed.status == .unprocessableContent)
            #expect(typed.body == #"{"errors":{"rate_cents":["must be an integer"]}}"#)
            let unwrapped = try await client.send(.post, "/api/projects", body: #"{"name": "P"}"#, headers: auth)
            #expect(unwrapped.status == .badRequest)
            #expect(unwrapped.body == #"{"errors":{"project":["param is missing or the value is empty: project"]}}"#)
            let malformed = try await client.send(.post, "/api/projects", body: #"{"project": "#, headers: auth)
            #expect(malformed.status == .badRequest)
            #expect(malformed.body == #"{"errors":{"base":["Malformed JSON body"]}}"#)
        }
    }

    @Test(arguments: TestBackend.available)
    func deletingAProjectCascadesToItsTasksEntriesAndGoals(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let auth = bearer(try await client.apiKey("ana"))
            let project = try await client.send(
                .post, "/api/projects", body: #"{"project": {"name": "P"}}"#, headers: auth)
            let projectId = try #require(project.json["uuid"] as? String)
            let task = try await client.send(
                .post, "/api/projects/\(projectId)/tasks", body: #"{"task": {"name": "T"}}"#, headers: auth)
            let taskId = try #require(task.json["uuid"] as? String)
            _ = try await client.send(.put, "/api/tasks/\(taskId)?event=start_tracking", headers: auth)
            _ = try await client.send(
                .post, "/api/goals",
                body: #"{"goal": {"text": "G", "begin_date": "2025-10-01", "project_id": "\#(projectId)"}}"#,
                headers: auth)
            #expect(try await client.send(.get, "/api/time_entries", headers: auth).array.count == 1)

            // MUT
            _ = try await client.send(.delete, "/api/projects/\(projectId)", headers: auth)
            // validate
            #expect(try await client.send(.get, "/api/tasks/\(taskId)", headers: auth).status == .notFound)
            #expect(try await client.send(.get, "/api/time_entries", headers: auth).body == "[]")
            #expect(try await client.send(.get, "/api/goals", headers: auth).body == "[]")
            #expect(try await client.send(.get, "/api/tasks/tracking", headers: auth).body == "[]")
        }
    }

    @Test(arguments: TestBackend.available)
    func tasksBelongToProjectsAndKeepTheirData(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let auth = bearer(try await client.apiKey("ana"))
            let project = try await client.send(
                .post, "/api/projects", body: #"{"project": {"name": "P"}}"#, headers: auth)
            let projectId = try #require(project.json["uuid"] as? String)
            let created = try await client.send(
                .post, "/api/projects/\(projectId)/tasks",
                body:
                    #"{"task": {"name": "Write", "description": "docs", "task_type": "permanent", "data": {"url": "https://x.io/a", "n": [1, 2]}}}"#,
                headers: auth)
            #expect(created.status == .created, "\(created)")
            #expect(Set(created.json.keys) == Self.taskKeys)
            #expect(created.json["status"] as? String == "pending")
            #expect(created.json["task_type"] as? String == "permanent")
            #expect(created.json["project_uuid"] as? String == projectId)
            #expect((created.json["data"] as? [String: Any])?["url"] as? String == "https://x.io/a")
            let taskId = try #require(created.json["uuid"] as? String)

            let updated = try await client.send(
                .patch, "/api/tasks/\(taskId)", body: #"{"task": {"name": "Write more", "data": null}}"#, headers: auth)
            #expect(updated.json["name"] as? String == "Write more")
            #expect(updated.json["data"] is NSNull)
            #expect(updated.json["description"] as? String == "docs")
            let list = try await client.send(.get, "/api/projects/\(projectId)/tasks", headers: auth)
            #expect(list.array.map { $0["uuid"] as? String } == [taskId])

            let badType = try await client.send(
                .put, "/api/tasks/\(taskId)", body: #"{"task": {"task_type": "urgent"}}"#, headers: auth)
            #expect(badType.body == #"{"errors":{"task_type":["is not included in the list"]}}"#)
            let badData = try await client.send(
                .put, "/api/tasks/\(taskId)", body: #"{"task": {"data": [1]}}"#, headers: auth)
            #expect(badData.status == .unprocessableContent, "\(badData)")
            let noName = try await client.send(
                .post, "/api/projects/\(projectId)/tasks", body: #"{"task": {"description": "x"}}"#, headers: auth)
            #expect(noName.body == #"{"errors":{"name":["can't be blank"]}}"#)

            #expect(try await client.send(.delete, "/api/tasks/\(taskId)", headers: auth).status == .noContent)
            #expect(try await client.send(.get, "/api/projects/\(projectId)/tasks", headers: auth).body == "[]")
        }
    }

    @Test(arguments: TestBackend.available)
    func getProjectsAnswersInTheDialectOfTheCredential(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let jwt = try await client.accessToken("ana")
            let key = try #require(
                try await client.send(.post, "/api/v1/auth/api-keys", body: #"{"name": "k"}"#, headers: bearer(jwt))
                    .data["token"] as? String)
            _ = try await client.send(
                .post, "/api/projects", body: #"{"project": {"name": "Site"}}"#, headers: bearer(key))

            let game = try await client.send(.get, "/api/projects", headers: bearer(jwt))
            #expect((game.json["projects"] as? [[String: Any]])?.first?["id"] as? String != nil, "\(game)")
            #expect(game.json["summary"] != nil)
            for headers: HTTPFields in [
                bearer(key), [.authorization: "Token \(key)"], [.authorization: "ApiKey \(key)"],
            ] {
                let magic = try await client.send(.get, "/api/projects", headers: headers)
                #expect(magic.array.first?["name"] as? String == "Site", "\(magic)")
                #expect(magic.headers[HTTPField.Name("RateLimit-Limit")!] != nil)
            }
            let prefixed = try await client.send(.get, "/timemagic/api/projects", headers: bearer(jwt))
            #expect(prefixed.array.first?["name"] as? String == "Site")
            let gamePrefixed = try await client.send(.get, "/game/api/projects", headers: bearer(key))
            #expect(gamePrefixed.json["projects"] != nil)
        }
    }
}
