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
    static func entries(_ database: PomoDatabase) async throws -> [String] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT e.begin_time, e.end_time, e.comment, t.name AS task, p.name AS project FROM time_entries e
                LEFT JOIN tasks t ON t.id = e.task_id LEFT JOIN projects p ON p.id = t.project_id ORDER BY e.begin_time
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
            #expect(counts == ["projects": 1, "tasks": 2, "time_entries": 3], "\(dry)")
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
            #expect(again.data["created"] as? [String: Int] == ["projects": 0, "tasks": 0, "time_entries": 0])
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
                    == "would create 1 project(s), 2 task(s), 3 time entries from 3 row(s); 0 already imported\n",
                "\(dry)")
            let done = try await runBinary(
                "pomo", ["import", file, "--from", "toggl", "--tz", "Europe/Berlin"], env: env)
            #expect(done.stdout.hasPrefix("created 1 project(s), 2 task(s), 3 time entries"), "\(done)")
            let bad = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Fixtures/imports/toggl-bad-rows.csv").path
            let refused = try await runBinary("pomo", ["import", bad, "--from", "toggl"], env: env)
            #expect(refused.status != 0 && refused.stderr.contains("line 3"), "\(refused)")
        }
    }
}
