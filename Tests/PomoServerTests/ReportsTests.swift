import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoTestSupport
import Testing

@Suite struct ReportsTests {
    static func submit(
        _ client: any TestClientProtocol, _ auth: HTTPFields, start: String, minutes: Int, category: String,
        project: String
    )
        async throws
    {
        let startDate = try #require(Timestamp.parse(start))
        let end = Timestamp.format(startDate.addingTimeInterval(Double(minutes) * 60))
        let reply = try await client.send(
            .post, "/api/pomodoro/submit",
            body: """
                {"start_time": "\(start)", "end_time": "\(end)", "duration": \(minutes), "category": "\(category)",
                 "project": "\(project)", "note": "n", "source": "pomo_cli", "session_id": "\(UUID().uuidString)"}
                """,
            headers: auth)
        #expect(reply.status == .created, "\(reply)")
    }

    @Test(arguments: TestBackend.available)
    func completedWorkIsGroupedByDayProjectOrCategory(_ backend: TestBackend) async throws {
        try await TestApp.run(backend, clock: ManualClock(Date(timeIntervalSince1970: 1_763_800_000))) { client in
            let auth = bearer(try await client.accessToken("ana"))
            try await Self.submit(
                client, auth, start: "2025-11-20T09:00:00Z", minutes: 25, category: "Work", project: "Site")
            try await Self.submit(
                client, auth, start: "2025-11-20T10:00:00Z", minutes: 50, category: "Study", project: "Site")
            try await Self.submit(
                client, auth, start: "2025-11-21T09:00:00Z", minutes: 25, category: "Work", project: "Blog")
            try await Self.submit(
                client, auth, start: "2025-11-01T09:00:00Z", minutes: 25, category: "Work", project: "Old")

            let byDay = try await client.send(.get, "/api/v1/reports/summary", headers: auth)
            #expect(byDay.status == .ok, "\(byDay)")
            let rows = try #require(byDay.data["rows"] as? [[String: Any]])
            #expect(rows.map { $0["key"] as? String } == ["2025-11-20", "2025-11-21"])
            #expect(rows.first?["minutes"] as? Double == 75)
            #expect(byDay.data["from"] as? String == "2025-11-16")
            #expect((byDay.data["total"] as? [String: Any])?["sessions"] as? Int == 3)

            let byProject = try await client.send(
                .get, "/api/v1/reports/summary?from=2025-11-01&to=2025-11-30&by=project", headers: auth)
            let projects = try #require(byProject.data["rows"] as? [[String: Any]])
            #expect(projects.map { $0["key"] as? String } == ["Blog", "Old", "Site"])
            #expect(projects.last?["points"] as? Double == 3)
            let byCategory = try await client.send(
                .get, "/api/v1/reports/summary?from=2025-11-20&to=2025-11-20&by=category", headers: auth)
            #expect((byCategory.data["rows"] as? [[String: Any]])?.map { $0["key"] as? String } == ["Study", "Work"])

            for query in [
                "by=week", "from=2025-13-01", "from=2025-11-30&to=2025-11-01", "from=2020-01-01&to=2025-01-01",
            ] {
                let bad = try await client.send(.get, "/api/v1/reports/summary?\(query)", headers: auth)
                #expect(bad.status == .badRequest, "\(query): \(bad)")
            }
            let other = bearer(try await client.accessToken("bob"))
            let empty = try await client.send(
                .get, "/api/v1/reports/summary?from=2025-11-01&to=2025-11-30", headers: other)
            #expect((empty.data["rows"] as? [Any])?.isEmpty == true)
        }
    }
}
