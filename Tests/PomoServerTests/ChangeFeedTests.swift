import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoTestSupport
import Testing

/// `GET /api/v1/changes`: every write a user can see, from any dialect, is in their feed once,
/// in order, with deletions as tombstones; pages resume from `nextCursor`.
@Suite struct ChangeFeedTests {
    static func feed(_ client: any TestClientProtocol, _ auth: HTTPFields, since: String? = nil, limit: Int = 1000)
        async throws -> (items: [[String: Any]], next: String, hasMore: Bool)
    {
        let query = (since.map { "since=\($0)&" } ?? "") + "limit=\(limit)"
        let reply = try await client.send(.get, "/api/v1/changes?\(query)", headers: auth)
        #expect(reply.status == .ok, "\(reply)")
        return (
            try #require(reply.data["items"] as? [[String: Any]]), try #require(reply.data["nextCursor"] as? String),
            try #require(reply.data["hasMore"] as? Bool)
        )
    }

    @Test(arguments: TestBackend.available)
    func everyDialectsWritesAreInTheFeedOnceInOrder(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let auth = bearer(try await client.accessToken("ana"))
            let bob = bearer(try await client.accessToken("bob"))
            // The Game: a submit names a new project.
            let session = UUID().uuidString.lowercased()
            #expect(
                try await client.send(
                    .post, "/api/pomodoro/submit", body: gameSubmitBody(sessionId: session), headers: auth
                ).status == .created)
            // TaskWorks: a session started, then completed.
            let started = try await client.send(
                .post, "/api/v1/pomodoro", body: #"{"duration_minutes": 25}"#, headers: auth)
            let pomodoro = try #require(started.data["id"] as? String)
            #expect(try await client.send(.post, "/api/v1/pomodoro/\(pomodoro)/complete", headers: auth).status == .ok)
            // Time Magic: a project and a task, tracked and stopped, then the task deleted.
            let project = try await client.send(
                .post, "/api/projects", body: #"{"project": {"name": "TM"}}"#, headers: auth)
            let projectId = try #require(project.json["uuid"] as? String)
            let task = try await client.send(
                .post, "/api/projects/\(projectId)/tasks", body: #"{"task": {"name": "T"}}"#, headers: auth)
            let taskId = try #require(task.json["uuid"] as? String)
            #expect(
                try await client.send(.put, "/api/tasks/\(taskId)?event=start_tracking", headers: auth).status == .ok)
            #expect(
                try await client.send(.put, "/api/tasks/\(taskId)?event=stop_tracking", headers: auth).status == .ok)
            #expect(try await client.send(.delete, "/api/tasks/\(taskId)", headers: auth).status == .noContent)
            // Preferences.
            #expect(
                try await client.send(.put, "/api/user/preferences", body: #"{"daily_goal": 5}"#, headers: auth).status
                    == .ok)
            // A write that is refused leaves nothing.
            #expect(
                try await client.send(.put, "/api/user/preferences", body: #"{"daily_goal": 500}"#, headers: auth)
                    .status == .badRequest)

            let all = try await Self.feed(client, auth)
            let kinds = all.items.compactMap { $0["kind"] as? String }
            #expect(
                kinds == [
                    "project.created", "session.completed", "session.started", "session.completed", "project.created",
                    "task.created", "task.updated", "time_entry.created", "time_entry.updated", "task.updated",
                    "time_entry.deleted", "task.deleted", "preferences.updated",
                ], "\(kinds)")
            #expect(all.hasMore == false)
            let submitted = try #require(all.items.first { $0["entity_id"] as? String == session })
            #expect((submitted["data"] as? [String: Any])?["status"] as? String == "completed")
            let tombstone = try #require(all.items.first { $0["kind"] as? String == "task.deleted" })
            #expect(tombstone["entity_id"] as? String == taskId && tombstone["data"] is NSNull)
            let cursors = all.items.compactMap { $0["cursor"] as? String }
            #expect(Set(cursors).count == cursors.count)
            #expect(all.next == cursors.last)

            // Pages of 4 give the same changes, each once, and resume where the last one ended.
            var since: String?
            var paged: [String] = []
            while true {
                let page = try await Self.feed(client, auth, since: since, limit: 4)
                paged += page.items.compactMap { $0["cursor"] as? String }
                since = page.next
                if !page.hasMore { break }
            }
            #expect(paged == cursors)
            let caughtUp = try await Self.feed(client, auth, since: since)
            #expect(caughtUp.items.isEmpty && caughtUp.next == since && !caughtUp.hasMore)

            // Nobody else's changes, and a cursor that is not one is refused naming it.
            #expect(try await Self.feed(client, bob).items.isEmpty)
            let bad = try await client.send(.get, "/api/v1/changes?since=yesterday", headers: auth)
            #expect(bad.status == .badRequest)
            #expect((bad.json["context"] as? [String: Any])?["field"] as? String == "since")
        }
    }
}
