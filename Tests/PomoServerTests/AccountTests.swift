import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoStore
import PomoTestSupport
import SQLKit
import Testing

/// The account itself: everything of it out as one document, and everything of it gone on delete.
@Suite struct AccountTests {
    /// Every table with a `user_id` column.
    static func userTables(_ database: PomoDatabase, _ backend: TestBackend) async throws -> [String] {
        try await database.read { db in
            if backend == .postgres {
                return try await db.raw(
                    """
                    SELECT table_name FROM information_schema.columns
                    WHERE column_name = 'user_id' AND table_schema = current_schema() ORDER BY table_name
                    """
                ).all().map { try $0.decode(column: "table_name", as: String.self) }
            }
            var tables: [String] = []
            for name in try await db.raw("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all()
                .map({ try $0.decode(column: "name", as: String.self) })
            {
                let columns = try await db.raw(SQLQueryString("PRAGMA table_info(\(name))")).all()
                    .map { try $0.decode(column: "name", as: String.self) }
                if columns.contains("user_id") { tables.append(name) }
            }
            return tables
        }
    }

    /// The export reads all tasks and plans at once, listed by project, then oldest first, as the
    /// per-project reads listed them; a team's project and its tasks are the team's, not here.
    @Test(arguments: TestBackend.available)
    func anExportListsTasksAndPlansByProject(_ backend: TestBackend) async throws {
        try await TestApp.runWithDatabase(backend) { client, _ in
            let ana = bearer(try await client.accessToken("ana"))
            var projects: [String] = []
            for name in ["A", "B"] {
                let project = try await client.send(
                    .post, "/api/projects", body: #"{"project": {"name": "\#(name)"}}"#, headers: ana)
                projects.append(try #require(project.json["uuid"] as? String))
            }
            // Made alternately, so that their ids interleave across the two projects.
            var tasks: [String: [String]] = [:]
            for index in 0..<2 {
                for project in projects {
                    let task = try await client.send(
                        .post, "/api/projects/\(project)/tasks", body: #"{"task": {"name": "T\#(index)"}}"#,
                        headers: ana)
                    tasks[project, default: []].append(try #require(task.json["uuid"] as? String))
                    for plan in ["estimations", "reports"] {
                        let body =
                            plan == "estimations"
                            ? #"{"estimation": {"title": "E\#(index)"}}"#
                            : #"{"report": {"begin_date": "2026-03-01", "end_date": "2026-03-31"}}"#
                        let made = try await client.send(
                            .post, "/api/projects/\(project)/\(plan)", body: body, headers: ana)
                        #expect(made.status == .created, "\(made)")
                    }
                }
            }
            let document = try await client.send(.get, "/api/v1/account/export", headers: ana).json
            let listed = (document["tasks"] as? [[String: Any]] ?? []).compactMap { $0["uuid"] as? String }
            #expect(listed == projects.flatMap { tasks[$0] ?? [] }, "\(document)")
            for plan in ["estimations", "reports"] {
                let owners = (document[plan] as? [[String: Any]] ?? []).compactMap { $0["project_uuid"] as? String }
                #expect(owners == [projects[0], projects[0], projects[1], projects[1]], "\(plan): \(owners)")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func anAccountExportsWholeAndIsDeletedWhole(_ backend: TestBackend) async throws {
        try await TestApp.runWithDatabase(backend) { client, database in
            let root = bearer(try await client.accessToken("root"))
            let jwt = try await client.accessToken("ana")
            let ana = bearer(jwt)
            let key = try await client.send(.post, "/api/v1/auth/api-keys", body: #"{"name": "k"}"#, headers: ana)
            let apiKey = bearer(try #require(key.data["token"] as? String))
            #expect(
                try await client.send(
                    .post, "/api/pomodoro/submit", body: gameSubmitBody(project: "Thesis"), headers: ana
                )
                .status == .created)
            let project = try await client.send(
                .post, "/api/projects", body: #"{"project": {"name": "TM"}}"#, headers: ana)
            let projectId = try #require(project.json["uuid"] as? String)
            let task = try await client.send(
                .post, "/api/projects/\(projectId)/tasks", body: #"{"task": {"name": "T"}}"#, headers: ana)
            let taskId = try #require(task.json["uuid"] as? String)
            _ = try await client.send(.put, "/api/tasks/\(taskId)?event=start_tracking", headers: ana)
            _ = try await client.send(.put, "/api/tasks/\(taskId)?event=stop_tracking", headers: ana)
            _ = try await client.send(
                .post, "/api/v1/webhooks", body: #"{"url": "http://127.0.0.1:9/x", "events": ["*"]}"#, headers: ana)
            _ = try await client.send(.post, "/api/v1/calendar", headers: ana)

            let export = try await client.send(.get, "/api/v1/account/export", headers: ana)
            #expect(export.status == .ok && export.headers[.contentType] == "application/json; charset=utf-8")
            let document = export.json
            #expect(document["format"] as? String == "pomo" && document["version"] as? Int == 1, "\(export)")
            #expect((document["user"] as? [String: Any])?["username"] as? String == "ana")
            #expect((document["user"] as? [String: Any])?["preferences"] is [String: Any])
            let projects = (document["projects"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
            #expect(Set(projects ?? []) == ["Thesis", "TM"], "\(document)")
            #expect((document["tasks"] as? [[String: Any]])?.first?["uuid"] as? String == taskId)
            #expect((document["time_entries"] as? [Any])?.count == 1)
            #expect((document["sessions"] as? [[String: Any]])?.first?["project"] as? String == "Thesis")
            #expect(!export.body.contains("password") && !export.body.contains("whsec_"), "no secrets")

            // A wrong password deletes nothing; an API key deletes nothing.
            let wrong = try await client.send(
                .delete, "/api/v1/account", body: #"{"password": "nope-nope-nope"}"#, headers: ana)
            #expect(wrong.status == .badRequest && wrong.body.contains("password"), "\(wrong)")
            let byKey = try await client.send(
                .delete, "/api/v1/account", body: #"{"password": "password-123"}"#, headers: apiKey)
            #expect(byKey.status == .unauthorized, "\(byKey)")
            #expect(try await client.send(.get, "/api/v1/auth/me", headers: ana).status == .ok)

            let anaId = try await database.read { db in
                try await db.raw("SELECT id FROM users WHERE username = 'ana'").first()!.decode(
                    column: "id", as: Int64.self)
            }
            let deleted = try await client.send(
                .delete, "/api/v1/account", body: #"{"password": "password-123"}"#, headers: ana)
            #expect(deleted.status == .ok && deleted.data["deleted"] as? Bool == true, "\(deleted)")
            #expect(try await client.send(.get, "/api/v1/auth/me", headers: ana).status == .unauthorized)
            #expect(try await client.send(.get, "/api/v1/auth/me", headers: apiKey).status == .unauthorized)
            let tables = try await Self.userTables(database, backend)
            #expect(tables.count >= 10, "\(tables)")
            for table in tables {
                let left = try await database.read { db in
                    try await db.raw(
                        SQLQueryString("SELECT COUNT(*) AS n FROM \(table) WHERE user_id = ") + "\(bind: anaId)"
                    )
                    .first()!.decode(column: "n", as: Int.self)
                }
                #expect(left == 0, "\(table) keeps \(left) rows of the deleted user")
            }
            let again = try await client.send(
                .post, "/api/auth/login", body: #"{"username": "ana", "password": "password-123"}"#)
            #expect(again.status == .unauthorized)

            // The last admin stays.
            let last = try await client.send(
                .delete, "/api/v1/account", body: #"{"password": "password-123"}"#, headers: root)
            #expect(last.status == .conflict && last.body.contains("LAST_ADMIN"), "\(last)")
            #expect(try await client.send(.get, "/api/v1/auth/me", headers: root).status == .ok)
        }
    }
}
