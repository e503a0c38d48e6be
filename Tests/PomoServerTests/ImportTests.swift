import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoStore
import PomoTestSupport
import SQLKit
import Testing

/// Imports of other trackers' exports, written from each tool's published format: Toggl Track's
/// detailed CSV, Clockify's detailed CSV (month-first with AM/PM, and day-first with a decimal
/// comma), Kimai's CSV (an entry past midnight). Europe/Berlin leaves winter time on 2026-03-29.
@Suite struct ImportTests {
    static func fixture(_ name: String) throws -> String {
        try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Fixtures/imports/\(name)"), encoding: .utf8)
    }

    static func post(
        _ client: any TestClientProtocol, _ query: String, _ body: String, _ auth: HTTPFields,
        type: String = "text/csv"
    ) async throws -> Reply {
        var headers = auth
        headers[.contentType] = type
        return try await client.send(.post, "/api/v1/imports?\(query)", body: body, headers: headers)
    }

    /// The user's entries, oldest first: begin and end in UTC, comment, task and project.
    static func entries(_ database: PomoDatabase, of username: String = "ana") async throws -> [String] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT e.begin_time, e.end_time, e.comment, t.name AS task, p.name AS project FROM time_entries e
                LEFT JOIN tasks t ON t.id = e.task_id LEFT JOIN projects p ON p.id = t.project_id
                WHERE e.user_id = (SELECT id FROM users WHERE username = \(bind: username)) ORDER BY e.begin_time
                """
            ).all().map { row in
                let begin = Timestamp.format(
                    Timestamp.date(milliseconds: try row.decode(column: "begin_time", as: Int64.self)))
                let end = Timestamp.format(
                    Timestamp.date(milliseconds: try row.decode(column: "end_time", as: Int64.self)))
                let where_ = [
                    try row.decode(column: "project", as: String?.self),
                    try row.decode(column: "task", as: String?.self),
                ]
                .compactMap { $0 }.joined(separator: "/")
                return "\(begin) \(end) \(where_) \(try row.decode(column: "comment", as: String?.self) ?? "")"
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func togglDetailedCSVImportsOnceInTheGivenZone(_ backend: TestBackend) async throws {
        try await TestApp.runWithDatabase(backend) { client, database in
            let auth = bearer(try await client.accessToken("ana"))
            let file = try Self.fixture("toggl-detailed.csv")
            let dry = try await Self.post(client, "from=toggl&dry_run=true&tz=Europe/Berlin", file, auth)
            #expect(dry.status == .ok, "\(dry)")
            #expect(dry.data["rows"] as? Int == 3 && dry.data["dry_run"] as? Bool == true)
            let counts = dry.data["created"] as? [String: Int]
            #expect(
                counts == [
                    "projects": 1, "tasks": 2, "activities": 0, "goals": 0, "estimations": 0, "reports": 0,
                    "time_entries": 3,
                    "sessions": 0,
                ],
                "\(dry)")
            #expect(try await Self.entries(database).isEmpty, "a dry run writes nothing")

            let done = try await Self.post(client, "from=toggl&tz=Europe/Berlin", file, auth)
            #expect(done.status == .created && done.data["created"] as? [String: Int] == counts, "\(done)")
            #expect(
                try await Self.entries(database) == [
                    "2026-03-28T08:00:00Z 2026-03-28T09:30:00Z Website/Landing page Hero section, first pass",
                    "2026-03-30T07:00:00Z 2026-03-30T07:15:00Z Website/General Standup",
                    "2026-03-30T21:30:00Z 2026-03-30T22:45:00Z  Reading \"Deep Work\"",
                ])
            let again = try await Self.post(client, "from=toggl&tz=Europe/Berlin", file, auth)
            #expect(again.data["skipped"] as? Int == 3, "\(again)")
            #expect((again.data["created"] as? [String: Int])?.values.allSatisfy { $0 == 0 } == true, "\(again)")
            #expect(try await Self.entries(database).count == 3, "the same file twice adds nothing")

            // The entries are the user's in every dialect: Time Magic lists them.
            let listed = try await client.send(.get, "/api/time_entries", headers: auth)
            #expect(listed.array.count == 3)
        }
    }

    @Test(arguments: TestBackend.available)
    func clockifyAndKimaiReadTheirOwnDateFormats(_ backend: TestBackend) async throws {
        try await TestApp.runWithDatabase(backend) { client, database in
            let auth = bearer(try await client.accessToken("ana"))
            #expect(
                try await client.send(
                    .put, "/api/user/preferences", body: #"{"timezone": "Europe/Berlin"}"#, headers: auth
                )
                .status == .ok)
            let us = try await Self.post(client, "from=clockify", try Self.fixture("clockify-detailed.csv"), auth)
            #expect(us.status == .created && (us.data["created"] as? [String: Int])?["time_entries"] == 2, "\(us)")
            let expected = [
                "2026-03-28T08:00:00Z 2026-03-28T09:30:00Z Website/Landing page Hero section",
                "2026-03-30T10:15:00Z 2026-03-30T11:00:00Z Website/General Standup",
            ]
            #expect(try await Self.entries(database) == expected)
            // The same entries written day-first (and with a decimal comma) are the same entries.
            let eu = try await Self.post(
                client, "from=clockify", try Self.fixture("clockify-detailed-day-first.csv"), auth)
            #expect(eu.data["skipped"] as? Int == 2, "\(eu)")

            let kimai = try await Self.post(client, "from=kimai&tz=UTC", try Self.fixture("kimai-export.csv"), auth)
            #expect(kimai.status == .created, "\(kimai)")
            let all = try await Self.entries(database)
            #expect(all.contains("2026-03-28T09:00:00Z 2026-03-28T10:30:00Z Website/Design Hero section"), "\(all)")
            #expect(all.contains("2026-03-30T23:00:00Z 2026-03-31T01:00:00Z Website/Support Night shift"), "\(all)")
        }
    }

    @Test(arguments: TestBackend.available)
    func aBadFileImportsNothingAndNamesTheLine(_ backend: TestBackend) async throws {
        try await TestApp.runWithDatabase(backend) { client, database in
            let auth = bearer(try await client.accessToken("ana"))
            let bad = try Self.fixture("toggl-bad-rows.csv")
            let refused = try await Self.post(client, "from=toggl", bad, auth)
            #expect(refused.status == .unprocessableContent, "\(refused)")
            #expect((refused.json["message"] as? String)?.hasPrefix("line 3: ") == true, "\(refused)")
            #expect(try await Self.entries(database).isEmpty, "nothing half-applied")
            let projects = try await database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM projects").first()!.decode(column: "n", as: Int.self)
            }
            #expect(projects == 0)

            let dry = try await Self.post(client, "from=toggl&dry_run=true", bad, auth)
            let rejected = dry.data["rejected"] as? [[String: Any]] ?? []
            #expect(rejected.map { $0["line"] as? Int } == [3, 4], "\(dry)")
            #expect((rejected.first?["reason"] as? String)?.contains("Start date") == true, "\(rejected)")
            #expect((dry.data["created"] as? [String: Int])?["time_entries"] == 1)

            // Another tool's file, an empty one, an unreadable quote: line 1 or where it starts.
            let wrong = try await Self.post(client, "from=toggl", try Self.fixture("kimai-export.csv"), auth)
            #expect(
                wrong.status == .unprocessableContent
                    && (wrong.json["message"] as? String)?.hasPrefix("line 1:") == true, "\(wrong)")
            #expect(try await Self.post(client, "from=toggl", "", auth).status == .unprocessableContent)
            let open = try await Self.post(client, "from=toggl", "Start date,Start time,End time\n\"2026-01-01,", auth)
            #expect((open.json["message"] as? String)?.hasPrefix("line 2:") == true, "\(open)")
            #expect(try await Self.post(client, "from=notion", bad, auth).status == .badRequest)
            #expect(try await Self.post(client, "from=toggl&tz=Mars/Olympus", bad, auth).status == .badRequest)
            #expect(try await Self.post(client, "from=toggl", bad, auth, type: "image/png").status == .badRequest)
        }
    }

    /// TimeTagger's export table (local times, then ISO 8601) and its API's records are the same
    /// records: keys make them the same entries; a running record and a hidden one are left out.
    @Test(arguments: TestBackend.available)
    func timeTaggerTablesAndRecordsAreTheSameEntries(_ backend: TestBackend) async throws {
        try await TestApp.runWithDatabase(backend) { client, database in
            let ana = bearer(try await client.accessToken("ana"))
            let table = try await Self.post(
                client, "from=timetagger&tz=Europe/Berlin", try Self.fixture("timetagger-export.tsv"), ana,
                type: "text/tab-separated-values")
            #expect(table.status == .created, "\(table)")
            #expect(table.data["rows"] as? Int == 4 && table.data["running"] as? Int == 1, "\(table)")
            let counts = table.data["created"] as? [String: Int]
            #expect(
                counts == [
                    "projects": 1, "tasks": 1, "activities": 0, "goals": 0, "estimations": 0, "reports": 0,
                    "time_entries": 3,
                    "sessions": 0,
                ], "\(table)")
            let expected = [
                "2026-03-28T08:00:00Z 2026-03-28T09:30:00Z website/General #website #design Hero section",
                "2026-03-30T07:00:00Z 2026-03-30T07:15:00Z website/General #website Standup",
                "2026-03-30T20:30:00Z 2026-03-30T21:45:00Z  Reading, slowly",
            ]
            #expect(try await Self.entries(database) == expected)
            let records = try await Self.post(
                client, "from=timetagger", try Self.fixture("timetagger-records.json"), ana, type: "application/json")
            #expect(records.status == .created && records.data["skipped"] as? Int == 3, "\(records)")
            #expect((records.data["created"] as? [String: Int])?["time_entries"] == 0)
            #expect(try await Self.entries(database).count == 3)

            let ben = bearer(try await client.accessToken("ben"))
            let iso = try await Self.post(client, "from=timetagger", try Self.fixture("timetagger-export-iso.tsv"), ben)
            #expect(iso.status == .created, "\(iso)")
            #expect(try await Self.entries(database, of: "ben") == expected)

            // A record that cannot be read is named by the line it starts on; a broken file too.
            let bad =
                "{\"records\": [\n  {\"key\": \"k1\", \"t1\": 1, \"t2\": 2},\n  {\"key\": \"k2\", \"t1\": \"soon\", \"t2\": 2}\n]}"
            let refused = try await Self.post(client, "from=timetagger", bad, ben, type: "application/json")
            #expect(refused.status == .unprocessableContent, "\(refused)")
            #expect((refused.json["message"] as? String)?.hasPrefix("line 3: records: ") == true, "\(refused)")
            let dry = try await Self.post(client, "from=timetagger&dry_run=true", bad, ben, type: "application/json")
            #expect((dry.data["rejected"] as? [[String: Any]])?.map { $0["line"] as? Int } == [3], "\(dry)")
            let broken = try await Self.post(
                client, "from=timetagger", "{\"records\": [\n{\"key\": }", ben, type: "application/json")
            #expect((broken.json["message"] as? String)?.hasPrefix("line 2: the file is not JSON") == true, "\(broken)")
            #expect(try await Self.entries(database, of: "ben").count == 3, "nothing half-applied")
        }
    }

    /// Pomo's own account document: imported into a new account on this server, it makes the same
    /// account again, with the same ids and times, so the next export is the same document; a
    /// second import adds nothing; another user importing it gets the same workspace under new ids.
    @Test(arguments: TestBackend.available)
    func aPomoAccountDocumentMakesTheSameAccountAgain(_ backend: TestBackend) async throws {
        try await TestApp.runWithDatabase(backend) { client, database in
            _ = try await client.accessToken("root")  // the first user, an admin: ana can leave
            let ana = bearer(try await client.accessToken("ana"))
            #expect(
                try await client.send(
                    .post, "/api/pomodoro/submit", body: gameSubmitBody(project: "Thesis"), headers: ana
                ).status == .created)
            let project = try await client.send(
                .post, "/api/projects",
                body: #"{"project": {"name": "Site", "description": "the web site", "working_hours_per_day": 6}}"#,
                headers: ana)
            let projectId = try #require(project.json["uuid"] as? String)
            let task = try await client.send(
                .post, "/api/projects/\(projectId)/tasks", body: #"{"task": {"name": "Copy", "data": {"size": 3}}}"#,
                headers: ana)
            let taskId = try #require(task.json["uuid"] as? String)
            let activity = try await client.send(
                .post, "/api/activities", body: #"{"activity": {"name": "Reading"}}"#, headers: ana)
            let activityId = try #require(activity.json["uuid"] as? String)
            #expect(
                try await client.send(
                    .post, "/api/goals",
                    body:
                        #"{"goal": {"text": "Launch", "period": "month", "begin_date": "2026-03-01", "project_id": "\#(projectId)"}}"#,
                    headers: ana
                ).status == .created)
            for (resource, id) in [("task", taskId), ("activity", activityId)] {
                let entry = try await client.send(
                    .post, "/api/time_entries",
                    body:
                        #"{"time_entry": {"begin_time": "2026-03-02T09:00:00Z", "duration": 1800, "comment": "c", "resource_type": "\#(resource)", "resource_id": "\#(id)"}}"#,
                    headers: ana)
                #expect(entry.status == .created, "\(entry)")
            }
            // An estimation with its roadmap calculated and a report counted, both over the task.
            let estimation = try await client.send(
                .post, "/api/projects/\(projectId)/estimations",
                body:
                    #"{"estimation": {"title": "v1", "starts_at": "2026-03-02", "ends_at": "2026-03-06", "task_uuids": ["\#(taskId)"]}}"#,
                headers: ana)
            let estimationId = try #require(estimation.json["uuid"] as? String)
            let calculated = try await client.send(
                .put, "/api/estimations/\(estimationId)?event=calculate_roadmap", headers: ana)
            #expect(calculated.json["roadmap_state"] as? String == "calculated", "\(calculated)")
            let report = try await client.send(
                .post, "/api/projects/\(projectId)/reports",
                body:
                    #"{"report": {"title": "March", "begin_date": "2026-03-01", "end_date": "2026-03-31", "selected_task_uuids": ["\#(taskId)"]}}"#,
                headers: ana)
            #expect((report.json["data"] as? [String: Any])?["total_seconds"] as? Int == 1800, "\(report)")
            _ = try await client.send(.put, "/api/tasks/\(taskId)?event=start_tracking", headers: ana)

            let first = try await client.send(.get, "/api/v1/account/export", headers: ana)
            let document = first.body
            #expect(
                (first.json["sessions"] as? [Any])?.count == 1 && (first.json["time_entries"] as? [Any])?.count == 3)
            #expect(
                (first.json["estimations"] as? [Any])?.count == 1 && (first.json["reports"] as? [Any])?.count == 1,
                "\(first.body)")

            // Another user: the same workspace, new ids; the running entry is left out.
            let ben = bearer(try await client.accessToken("ben"))
            let copied = try await Self.post(client, "from=pomo", document, ben, type: "application/json")
            #expect(copied.status == .created, "\(copied)")
            #expect(
                copied.data["created"] as? [String: Int] == [
                    "projects": 2, "tasks": 1, "activities": 1, "goals": 1, "estimations": 1, "reports": 1,
                    "time_entries": 2, "sessions": 1,
                ], "\(copied)")
            #expect(copied.data["running"] as? Int == 1)
            let again = try await Self.post(client, "from=pomo", document, ben, type: "application/json")
            #expect(again.data["skipped"] as? Int == 3, "\(again)")
            #expect((again.data["created"] as? [String: Int])?.values.allSatisfy { $0 == 0 } == true, "\(again)")
            let benExport = try await client.send(.get, "/api/v1/account/export", headers: ben).json
            let benTask = try #require((benExport["tasks"] as? [[String: Any]])?.first?["uuid"] as? String)
            #expect(benTask != taskId)
            // Ben's plans are over his own task: in their lists and in their roadmap and counts.
            let benEstimation = try #require((benExport["estimations"] as? [[String: Any]])?.first)
            #expect(
                benEstimation["task_uuids"] as? [String] == [benTask]
                    && benEstimation["uuid"] as? String != estimationId)
            #expect(benEstimation["roadmap_state"] as? String == "calculated")
            let roadmapTasks = ((benEstimation["data"] as? [String: Any])?["tasks"] as? [[String: Any]])?.map {
                $0["uuid"] as? String
            }
            #expect(roadmapTasks == [benTask], "\(benEstimation)")
            let benReport = try #require((benExport["reports"] as? [[String: Any]])?.first)
            #expect(benReport["selected_task_uuids"] as? [String] == [benTask])
            let counted = ((benReport["data"] as? [String: Any])?["tasks"] as? [[String: Any]])?.first
            #expect(counted?["uuid"] as? String == benTask && counted?["seconds"] as? Int == 1800, "\(benReport)")
            #expect((benExport["sessions"] as? [[String: Any]])?.first?["pof_score"] != nil)
            let benSummary = try await client.send(.get, "/api/user/data", headers: ben)
            #expect(benSummary.status == .ok, "\(benSummary)")
            // An imported session counts as one of Ben's own: the maintained totals have it.
            #expect(try await FocusTotalsMaintenance.check(database).isEmpty)
            let stats = try await client.send(
                .get, "/api/v1/reports/summary?by=project&from=2025-11-01&to=2025-11-30", headers: ben)
            #expect(stats.body.contains("Thesis"), "\(stats)")

            // Ana leaves and comes back with her document: the same account.
            _ = try await client.send(.put, "/api/tasks/\(taskId)?event=stop_tracking", headers: ana)
            let closed = try await client.send(.get, "/api/v1/account/export", headers: ana).body
            let gone = try await client.send(
                .delete, "/api/v1/account", body: #"{"password": "password-123"}"#, headers: ana)
            #expect(gone.status == .ok, "\(gone)")
            let back = bearer(try await client.accessToken("ana"))
            let restored = try await Self.post(client, "from=pomo", closed, back, type: "application/json")
            #expect(restored.status == .created, "\(restored)")
            let after = try await client.send(.get, "/api/v1/account/export", headers: back).body
            func comparable(_ text: String) throws -> NSDictionary {
                var object = try #require(
                    try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
                object["exported_at"] = nil
                var user = object["user"] as? [String: Any]
                user?["created_at"] = nil
                object["user"] = user
                return object as NSDictionary
            }
            let (now, then) = (try comparable(after), try comparable(closed))
            for key in [
                "user", "projects", "tasks", "activities", "goals", "estimations", "reports", "time_entries",
                "sessions",
            ] {
                #expect(
                    now[key] as? NSObject == then[key] as? NSObject, "\(key): \(now[key] ?? "") vs \(then[key] ?? "")")
            }
            #expect(now == then)
        }
    }

    /// A document's estimations and reports are read like its other records: one over a task or
    /// project the document does not have, or with a date that is not one, is a rejected line.
    @Test func aDocumentsPlansAreCheckedLikeItsOtherRecords() async throws {
        try await TestApp.runWithDatabase(.sqlite) { client, _ in
            let auth = bearer(try await client.accessToken("ana"))
            let times = #""created_at": "2026-03-01T09:00:00Z", "updated_at": "2026-03-01T09:00:00Z""#
            let project = "11111111-1111-4111-8111-111111111111"
            let task = "22222222-2222-4222-8222-222222222222"
            let document = """
                {"format": "pomo", "version": 1,
                 "projects": [{"uuid": "\(project)", "name": "Site", "description": null, "project_type": "other",
                   "rate_cents": null, "rate_currency": null, "allow_parallel_tasks": false,
                   "working_hours_per_day": 6, \(times)}],
                 "tasks": [{"uuid": "\(task)", "project_uuid": "\(project)", "name": "Copy", "description": null,
                   "status": "pending", "task_type": "default", "data": null, \(times)}],
                 "estimations": [
                  {"uuid": "e1", "title": "v1", "description": null, "starts_at": "2026-03-02", "ends_at": null,
                   "roadmap_state": "idle", "data": null, "project_uuid": "\(project)", "task_uuids": ["\(task)"], \(times)},
                  {"uuid": "e2", "title": "v2", "description": null, "starts_at": null, "ends_at": null,
                   "roadmap_state": "idle", "data": null, "project_uuid": "\(project)", "task_uuids": ["elsewhere"], \(times)}
                 ],
                 "reports": [
                  {"uuid": "r1", "title": null, "description": null, "begin_date": "2026-03-01", "end_date": "2026-13-01",
                   "data": null, "project_uuid": "\(project)", "selected_task_uuids": [], "excluded_task_uuids": [], \(times)},
                  {"uuid": "r2", "title": null, "description": null, "begin_date": "2026-03-01", "end_date": "2026-03-31",
                   "data": null, "project_uuid": "nowhere", "selected_task_uuids": [], "excluded_task_uuids": [], \(times)}
                 ]}
                """
            let dry = try await Self.post(client, "from=pomo&dry_run=true", document, auth, type: "application/json")
            let rejected = (dry.data["rejected"] as? [[String: Any]] ?? []).map {
                "\($0["line"] as? Int ?? 0) \($0["reason"] as? String ?? "")"
            }
            #expect(
                rejected == [
                    "10 estimations: its task elsewhere is not in the document",
                    "14 reports: 2026-13-01 is not a YYYY-MM-DD date",
                    "16 reports: its project nowhere is not in the document",
                ], "\(dry)")
            #expect((dry.data["created"] as? [String: Int])?["estimations"] == 1, "\(dry)")
            #expect(
                try await Self.post(client, "from=pomo", document, auth, type: "application/json").status
                    == .unprocessableContent)
        }
    }

    @Test func aMultipartUploadCarriesTheFileInItsFileField() async throws {
        try await TestApp.runWithDatabase(.sqlite) { client, database in
            let auth = bearer(try await client.accessToken("ana"))
            let file = try Self.fixture("toggl-detailed.csv")
            let boundary = "----pomo\(UUID().uuidString)"
            let body =
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nignored\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"toggl.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n\(file)\r\n--\(boundary)--\r\n"
            let done = try await Self.post(
                client, "from=toggl&tz=Europe/Berlin", body, auth, type: "multipart/form-data; boundary=\(boundary)")
            #expect(
                done.status == .created && (done.data["created"] as? [String: Int])?["time_entries"] == 3, "\(done)")
            #expect(try await Self.entries(database).count == 3)
        }
    }

    @Test func pomoImportSaysWhatItWouldDoThenDoesIt() async throws {
        try await TestApp.run(.sqlite, testing: .live) { client in
            let (env, _) = try await CLITests.login(client)
            let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Fixtures/imports/toggl-detailed.csv").path
            let dry = try await runBinary("pomo", ["import", file, "--from", "toggl", "--dry-run"], env: env)
            #expect(
                dry.stdout
                    == "would create 1 project, 2 tasks, 3 time entries from 3 rows; 0 already imported\n",
                "\(dry)")
            let done = try await runBinary(
                "pomo", ["import", file, "--from", "toggl", "--tz", "Europe/Berlin"], env: env)
            #expect(done.stdout.hasPrefix("created 1 project, 2 tasks, 3 time entries"), "\(done)")
            let bad = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Fixtures/imports/toggl-bad-rows.csv").path
            let refused = try await runBinary("pomo", ["import", bad, "--from", "toggl"], env: env)
            #expect(refused.status != 0 && refused.stderr.contains("line 3"), "\(refused)")
        }
    }
}
