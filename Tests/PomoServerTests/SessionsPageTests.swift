import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoStore
import PomoTestSupport
import Testing

/// `/api/v1/sessions`: past sessions with their notes, filtered; a session's note, category and
/// project changed; a session deleted; one added afterwards. Scores stay as earned and say when
/// the user changed or added the session; the maintained totals follow every change.
@Suite struct SessionsPageTests {
    @Test(arguments: TestBackend.available)
    func sessionsAreListedEditedDeletedAndAdded(_ backend: TestBackend) async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_763_800_000))  // 2025-11-22T08:26:40Z
        try await TestApp.runWithDatabase(backend, clock: clock) { client, database in
            let ana = bearer(try await client.accessToken("ana"))
            let ben = bearer(try await client.accessToken("ben"))
            for (start, end, category, project, note) in [
                ("2025-11-21T09:00:00Z", "2025-11-21T09:25:00Z", "Writing", "Thesis", "chapter one"),
                ("2025-11-22T07:00:00Z", "2025-11-22T07:25:00Z", "Reading", "Thesis", "two papers"),
                ("2025-11-22T07:30:00Z", "2025-11-22T07:55:00Z", "Writing", "Blog", "a draft"),
            ] {
                let reply = try await client.send(
                    .post, "/api/pomodoro/submit",
                    body: gameSubmitBody(
                        start: start, end: end, category: category, project: project, note: note), headers: ana)
                #expect(reply.status == .created, "\(reply)")
            }
            let all = try await client.send(.get, "/api/v1/sessions", headers: ana)
            let items = try #require(all.data["items"] as? [[String: Any]], "\(all)")
            #expect(items.map { $0["note"] as? String } == ["a draft", "two papers", "chapter one"])
            #expect(items.first?["project"] as? String == "Blog" && items.first?["status"] as? String == "completed")
            let writing = try await client.send(.get, "/api/v1/sessions?category=Writing&project=Thesis", headers: ana)
            #expect((writing.data["items"] as? [[String: Any]])?.map { $0["note"] as? String } == ["chapter one"])
            let nowhere = try await client.send(.get, "/api/v1/sessions?project=Nowhere", headers: ana)
            #expect((nowhere.data["items"] as? [Any])?.isEmpty == true, "\(nowhere)")
            let page = try await client.send(.get, "/api/v1/sessions?limit=2", headers: ana)
            let next = try #require(page.data["nextCursor"] as? String, "\(page)")
            let rest = try await client.send(.get, "/api/v1/sessions?limit=2&cursor=\(next)", headers: ana)
            #expect((rest.data["items"] as? [[String: Any]])?.map { $0["note"] as? String } == ["chapter one"])

            // Edited: the note, the category and the project; the score stays and says so.
            let draftId = try #require(items.first?["id"] as? String)
            let scoreBefore = items.first?["pof_score"] as? Int
            let edited = try await client.send(
                .patch, "/api/v1/sessions/\(draftId)",
                body: #"{"note": "a draft, sent", "category": "Editing", "project": "Thesis"}"#, headers: ana)
            #expect(edited.status == .ok, "\(edited)")
            #expect(edited.data["note"] as? String == "a draft, sent" && edited.data["project"] as? String == "Thesis")
            #expect(edited.data["pof_score"] as? Int == scoreBefore)
            #expect((edited.data["pof_factors"] as? [String: Any])?["edited"] as? Bool == true, "\(edited)")
            let byCategory = try await client.send(
                .get, "/api/v1/reports/summary?from=2025-11-21&to=2025-11-22&by=category", headers: ana)
            let keys = (byCategory.data["rows"] as? [[String: Any]])?.compactMap { $0["key"] as? String }
            #expect(Set(keys ?? []) == ["Editing", "Reading", "Writing"], "\(byCategory)")
            let differences = try await FocusTotalsMaintenance.check(database)
            #expect(differences.isEmpty, "\(differences)")

            // Nobody else's, and not a running one.
            #expect(
                try await client.send(.patch, "/api/v1/sessions/\(draftId)", body: #"{"note": "x"}"#, headers: ben)
                    .status == .notFound)
            #expect(try await client.send(.delete, "/api/v1/sessions/\(draftId)", headers: ben).status == .notFound)
            let running = try await client.send(
                .post, "/api/v1/pomodoro", body: #"{"duration_minutes": 25}"#, headers: ana)
            let runningId = try #require(running.data["id"] as? String)
            #expect(
                try await client.send(.patch, "/api/v1/sessions/\(runningId)", body: #"{"note": "x"}"#, headers: ana)
                    .status == .conflict)
            #expect(try await client.send(.delete, "/api/v1/sessions/\(runningId)", headers: ana).status == .conflict)

            // Deleted: gone from the list, the totals and the feed says so.
            let firstId = try #require(items.last?["id"] as? String)
            let deleted = try await client.send(.delete, "/api/v1/sessions/\(firstId)", headers: ana)
            #expect(deleted.status == .ok && deleted.data["deleted"] as? Bool == true, "\(deleted)")
            let left = try await client.send(.get, "/api/v1/sessions?to=2025-11-22", headers: ana)
            #expect((left.data["items"] as? [[String: Any]])?.count == 2, "\(left)")
            #expect(try await FocusTotalsMaintenance.check(database).isEmpty)
            let feed = try await client.send(.get, "/api/v1/changes?limit=1000", headers: ana)
            let kinds = (feed.data["items"] as? [[String: Any]])?.compactMap { $0["kind"] as? String } ?? []
            #expect(kinds.contains("session.deleted") && kinds.contains("session.updated"), "\(kinds)")
            #expect(try await client.send(.delete, "/api/v1/sessions/\(firstId)", headers: ana).status == .notFound)

            // Added afterwards: scored as a submit is, and marked as added.
            let added = try await client.send(
                .post, "/api/v1/sessions",
                body:
                    #"{"start": "2025-11-20T14:00:00Z", "end": "2025-11-20T14:45:00Z", "category": "Writing", "project": "Thesis", "note": "forgot the timer"}"#,
                headers: ana)
            #expect(added.status == .created, "\(added)")
            #expect((added.data["pof_factors"] as? [String: Any])?["added"] as? Bool == true, "\(added)")
            #expect((added.data["pof_score"] as? Int ?? 100) < 100 && added.data["duration_minutes"] as? Double == 45)
            let bad = try await client.send(
                .post, "/api/v1/sessions", body: #"{"start": "2025-11-20T14:00:00Z", "end": "2025-11-20T13:00:00Z"}"#,
                headers: ana)
            #expect(bad.status == .badRequest && bad.body.contains("end"), "\(bad)")
            #expect(try await FocusTotalsMaintenance.check(database).isEmpty)
        }
    }
}
