import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoStore
import PomoTestSupport
import SQLKit
import Testing

/// The calendar feed's token and answers; `scripts/calendar-test.sh` reads the feed with real
/// iCalendar software.
@Suite struct CalendarFeedTests {
    static func feedPath(_ reply: Reply) throws -> String {
        let url = try #require(reply.data["url"] as? String, "\(reply)")
        return String(url[try #require(url.range(of: "/api/v1/calendar/"))!.lowerBound...])
    }

    @Test(arguments: TestBackend.available)
    func theFeedShowsSessionsAndEntriesBehindAHashedTokenOnly(_ backend: TestBackend) async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_763_800_000))  // 2025-11-22T08:26:40Z
        try await TestApp.runWithDatabase(backend, clock: clock) { client, database in
            let auth = bearer(try await client.accessToken("ana"))
            #expect(try await client.send(.get, "/api/v1/calendar", headers: auth).data["exists"] as? Bool == false)
            let note = String(repeating: "long note, with; specials\\ ", count: 6) + "ünïcödé"
            for (start, end) in [
                ("2025-11-22T07:00:00Z", "2025-11-22T07:25:00Z"), ("2025-11-01T07:00:00Z", "2025-11-01T07:25:00Z"),
            ] {
                let submitted = try await client.send(
                    .post, "/api/pomodoro/submit",
                    body: gameSubmitBody(
                        start: start, end: end, category: "Work", project: "Thesis",
                        note: note.replacingOccurrences(of: "\\", with: "\\\\")),
                    headers: auth)
                #expect(submitted.status == .created, "\(submitted)")
            }
            // A running session, and one long before the window.
            _ = try await client.send(.post, "/api/v1/pomodoro", body: #"{"duration_minutes": 25}"#, headers: auth)
            _ = try await client.send(
                .post, "/api/pomodoro/submit",
                body: gameSubmitBody(start: "2025-01-01T07:00:00Z", end: "2025-01-01T07:25:00Z"), headers: auth)

            let created = try await client.send(.post, "/api/v1/calendar", headers: auth)
            #expect(created.status == .created, "\(created)")
            let path = try Self.feedPath(created)
            let token = String(path.dropFirst("/api/v1/calendar/".count).dropLast(".ics".count))
            #expect(token.hasPrefix("cal_") && token.count > 40)
            // Stored as a digest: the token is nowhere in the database.
            let stored = try await database.read { db in
                try await db.raw("SELECT digest FROM calendar_tokens").all().map {
                    try $0.decode(column: "digest", as: String.self)
                }
            }
            #expect(stored.count == 1 && stored[0] != token && !stored[0].contains(token))
            #expect(try await client.send(.get, "/api/v1/calendar", headers: auth).data["exists"] as? Bool == true)

            let feed = try await client.send(.get, path)
            #expect(feed.status == .ok)
            #expect(feed.headers[.contentType] == "text/calendar; charset=utf-8")
            let lines = feed.body.components(separatedBy: "\r\n")
            #expect(lines.first == "BEGIN:VCALENDAR" && lines.dropLast().last == "END:VCALENDAR")
            #expect(lines.allSatisfy { $0.utf8.count <= 75 }, "lines are folded at 75 octets")
            #expect(!feed.body.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "CRLF only")
            let events = feed.body.components(separatedBy: "BEGIN:VEVENT").count - 1
            #expect(events == 3, "two completed in the last 90 days and the running one: \(feed.body)")
            #expect(feed.body.contains("DTSTART:20251122T070000Z") && feed.body.contains("DTSTART:20251101T070000Z"))
            #expect(!feed.body.contains("DTSTART:20250101"))
            #expect(feed.body.contains("STATUS:TENTATIVE"), "the running session")
            let unfolded = feed.body.replacingOccurrences(of: "\r\n ", with: "")
            #expect(unfolded.contains("long note\\, with\\; specials\\\\ "), "TEXT escaped")
            #expect(unfolded.contains("ünïcödé"))

            // ETag: the same answer is not sent twice; a change makes a new one.
            let etag = try #require(feed.headers[.eTag])
            #expect(try await client.send(.get, path, headers: [.ifNoneMatch: etag]).status == .notModified)
            _ = try await client.send(
                .post, "/api/pomodoro/submit",
                body: gameSubmitBody(start: "2025-11-21T07:00:00Z", end: "2025-11-21T07:25:00Z"), headers: auth)
            let changed = try await client.send(.get, path, headers: [.ifNoneMatch: etag])
            #expect(changed.status == .ok && changed.headers[.eTag] != etag)

            // The window is the caller's to set; a bad one is named.
            let window = try await client.send(.get, path + "?from=2025-01-01&to=2025-01-01")
            #expect(window.body.components(separatedBy: "BEGIN:VEVENT").count - 1 == 1, "\(window.body)")
            #expect(try await client.send(.get, path + "?past_days=-1").status == .badRequest)
            #expect(try await client.send(.get, path + "?from=2025-02-01&to=2025-01-01").status == .badRequest)

            // The token opens the feed and nothing else.
            #expect(try await client.send(.get, "/api/v1/auth/me", headers: bearer(token)).status == .unauthorized)
            #expect(try await client.send(.get, "/api/v1/calendar/cal_nope.ics").status == .notFound)
            #expect(try await client.send(.get, "/api/v1/calendar/\(token)x.ics").status == .notFound)

            // Rotated: the old URL is gone. Revoked: the new one too.
            let rotated = try Self.feedPath(try await client.send(.post, "/api/v1/calendar", headers: auth))
            #expect(rotated != path)
            #expect(try await client.send(.get, path).status == .notFound)
            #expect(try await client.send(.get, rotated).status == .ok)
            #expect(try await client.send(.delete, "/api/v1/calendar", headers: auth).status == .ok)
            #expect(try await client.send(.get, rotated).status == .notFound)
            #expect(try await client.send(.get, "/api/v1/calendar", headers: auth).data["exists"] as? Bool == false)
        }
    }
}
