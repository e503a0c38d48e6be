import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoStore
import PomoTestSupport
import SQLKit
import Testing

/// Exports, read back by Python's `csv` module (a real RFC 4180 reader) and JSON parser.
@Suite struct ExportTests {
    /// The rows of a CSV text as Python's csv module reads them, as JSON.
    static func parseCSV(_ text: String) async throws -> [[String]] {
        // Through files: a pipe holds 64 KiB, and the runner reads the output once the process ends.
        let directory = try TestDatabases.temporaryDirectory()
        try text.write(toFile: directory + "/in.csv", atomically: true, encoding: .utf8)
        let script = """
            import csv, json, sys
            with open(sys.argv[1], newline='', encoding='utf-8') as f, open(sys.argv[2], 'w') as out:
                json.dump(list(csv.reader(f)), out)
            """
        let result = try await runExecutable(
            "/usr/bin/python3", ["-c", script, directory + "/in.csv", directory + "/out.json"], env: [:])
        #expect(result.status == 0, "\(result.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/out.json"))
        return try JSONSerialization.jsonObject(with: data) as? [[String]] ?? []
    }

    static func rows(_ table: [[String]]) -> [[String: String]] {
        guard let header = table.first else { return [] }
        return table.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    @Test(arguments: TestBackend.available)
    func sessionsExportAsCSVAndJSONInTheUsersZone(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let auth = bearer(try await client.accessToken("ana"))
            #expect(
                try await client.send(
                    .put, "/api/user/preferences", body: #"{"timezone": "Europe/Berlin"}"#, headers: auth
                ).status == .ok)
            let notes = [#"=HYPERLINK(\"http://evil.example\")"#, #"say \"hi\"\nnext line"#, "-2+3"]
            for (start, end, category, project, note) in [
                ("2025-11-22T07:00:00Z", "2025-11-22T07:25:00Z", "Work", "Thesis", notes[0]),
                ("2025-11-22T23:30:00Z", "2025-11-22T23:55:00Z", "Study, hard", "Thesis", notes[1]),
                ("2025-11-20T09:00:00Z", "2025-11-20T09:25:00Z", "Work", "Other", notes[2]),
            ] {
                let submitted = try await client.send(
                    .post, "/api/pomodoro/submit",
                    body: gameSubmitBody(
                        start: start, end: end, category: category, project: project, note: note), headers: auth)
                #expect(submitted.status == .created, "\(submitted)")
            }

            let csv = try await client.send(.get, "/api/v1/exports/sessions", headers: auth)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.body.hasPrefix("id,start,end,start_utc,end_utc,duration_minutes,kind,status,"))
            #expect(csv.body.contains("\r\n"))
            let table = try await Self.parseCSV(csv.body)
            #expect(table.first?.count == 15)
            let rows = Self.rows(table)
            #expect(
                rows.map { $0["start_utc"] } == [
                    "2025-11-20T09:00:00Z", "2025-11-22T07:00:00Z", "2025-11-22T23:30:00Z",
                ])
            #expect(rows[1]["start"] == "2025-11-22T08:00:00+01:00" && rows[1]["end"] == "2025-11-22T08:25:00+01:00")
            #expect(rows[2]["start"] == "2025-11-23T00:30:00+01:00")
            #expect(
                rows[1]["duration_minutes"] == "25" && rows[1]["kind"] == "work" && rows[1]["status"] == "completed")
            #expect(rows[1]["project"] == "Thesis" && rows[1]["category"] == "Work" && rows[1]["source"] == "pomo_cli")
            #expect(Int(rows[1]["pof_score"] ?? "") != nil && Double(rows[1]["points"] ?? "") != nil, "\(rows[1])")
            // Formulas are neutralised; commas, quotes and line breaks survive the round trip.
            #expect(rows[1]["note"] == #"'=HYPERLINK("http://evil.example")"#)
            #expect(rows[0]["note"] == "'-2+3")
            #expect(rows[2]["category"] == "Study, hard" && rows[2]["note"] == "say \"hi\"\nnext line")

            // A day is the user's day: 23:30 UTC on the 22nd is the 23rd in Berlin.
            let day = Self.rows(
                try await Self.parseCSV(
                    try await client.send(
                        .get, "/api/v1/exports/sessions?from=2025-11-22&to=2025-11-22", headers: auth
                    ).body))
            #expect(day.map { $0["start_utc"] } == ["2025-11-22T07:00:00Z"])
            let instant = try await client.send(
                .get, "/api/v1/exports/sessions?from=2025-11-22T07:00:01Z", headers: auth)
            #expect(Self.rows(try await Self.parseCSV(instant.body)).count == 1)
            let other = try await client.send(.get, "/api/v1/exports/sessions?project=Other", headers: auth)
            #expect(Self.rows(try await Self.parseCSV(other.body)).map { $0["note"] } == ["'-2+3"])
            // A name with an underscore and digits is a name, not the id after its underscore.
            let named = try await client.send(.get, "/api/v1/exports/sessions?project=Plan_1", headers: auth)
            #expect(Self.rows(try await Self.parseCSV(named.body)).isEmpty, "\(named.body)")
            let work = try await client.send(.get, "/api/v1/exports/sessions?category=Work", headers: auth)
            #expect(Self.rows(try await Self.parseCSV(work.body)).count == 2)

            let json = try await client.send(.get, "/api/v1/exports/sessions?format=json", headers: auth)
            #expect(json.headers[.contentType] == "application/json; charset=utf-8")
            let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.body.utf8)) as? [[String: Any]])
            #expect(objects.count == 3)
            #expect(objects[1]["note"] as? String == #"=HYPERLINK("http://evil.example")"#, "JSON is not a spreadsheet")
            #expect(
                objects[1]["duration_minutes"] as? Double == 25
                    && objects[1]["end"] as? String == "2025-11-22T08:25:00+01:00")
            let empty = try await client.send(.get, "/api/v1/exports/sessions?format=json&project=None", headers: auth)
            #expect(empty.body == "[]")

            for (query, field) in [("from=yesterday", "from"), ("to=2025-13-01", "to"), ("format=xlsx", "format")] {
                let bad = try await client.send(.get, "/api/v1/exports/sessions?\(query)", headers: auth)
                #expect(bad.status == .badRequest, "\(query): \(bad)")
                #expect(bad.body.contains(field), "\(bad)")
            }
            let backwards = try await client.send(
                .get, "/api/v1/exports/sessions?from=2025-11-23&to=2025-11-21", headers: auth)
            #expect(backwards.status == .badRequest, "\(backwards)")
        }
    }

    /// More than two pages, each row once, in start order.
    @Test(arguments: TestBackend.available)
    func timeEntriesExportPageByPage(_ backend: TestBackend) async throws {
        try await TestApp.runWithDatabase(backend, testing: .live) { client, database in
            let auth = bearer(try await client.accessToken("ana"))
            let count = 2_203
            try await Fixtures.insertTimeEntries(database, username: "ana", count: count)
            let csv = try await client.send(.get, "/api/v1/exports/time_entries", headers: auth)
            let rows = Self.rows(try await Self.parseCSV(csv.body))
            #expect(rows.map { $0["id"] } == (0..<count).map { "e-\($0)" })
            #expect(rows.first?["duration_minutes"] == "30" && rows.first?["note"] == "entry 0")
            let json = try await client.send(.get, "/api/v1/exports/time_entries?format=json", headers: auth)
            let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.body.utf8)) as? [[String: Any]])
            #expect(objects.count == count)
        }
    }

    @Test func pomoExportWritesAFileOrStandardOutput() async throws {
        try await TestApp.run(.sqlite, testing: .live) { client in
            let (env, _) = try await CLITests.login(client)
            let logged = try await runBinary(
                "pomo",
                [
                    "log", "--start", "2025-11-20T09:00:00Z", "--end", "2025-11-20T09:25:00Z", "--category", "Work",
                    "--project", "Thesis",
                ], env: env)
            #expect(logged.status == 0, "\(logged)")
            let file = try TestDatabases.temporaryDirectory() + "/sessions.csv"
            let written = try await runBinary("pomo", ["export", "sessions", "--output", file], env: env)
            #expect(written.status == 0 && written.stderr.hasPrefix("wrote \(file)"), "\(written)")
            let rows = Self.rows(try await Self.parseCSV(try String(contentsOfFile: file, encoding: .utf8)))
            #expect(rows.map { $0["project"] } == ["Thesis"])
            let json = try await runBinary(
                "pomo", ["export", "sessions", "--format", "json", "--category", "Work"], env: env)
            let objects = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
            #expect(objects?.first?["start_utc"] as? String == "2025-11-20T09:00:00Z", "\(json)")
            let bad = try await runBinary("pomo", ["export", "sessions", "--from", "soon"], env: env)
            #expect(bad.status != 0 && bad.stderr.contains("from"), "\(bad)")
        }
    }
}
