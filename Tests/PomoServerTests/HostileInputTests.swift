import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PomoCore
import PomoTestSupport
import Testing

/// Input an attacker (or a broken client) sends: every answer is a 4xx in the dialect's shape,
/// never a 500, and nothing already stored is lost.
@Suite struct HostileInputTests {
    static let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    static let deepObject = String(repeating: #"{"a":"#, count: 5_000) + "1" + String(repeating: "}", count: 5_000)

    static func submit(start: String, end: String, duration: String) -> String {
        gameSubmitBody(start: start, end: end, duration: duration)
    }

    @Test(arguments: TestBackend.available)
    func hostileBodiesGetClearFourHundredsAndLoseNothing(_ backend: TestBackend) async throws {
        try await TestApp.run(backend, clock: ManualClock(Date(timeIntervalSince1970: 1_763_800_000))) { client in
            let jwt = bearer(try await client.accessToken("ana"))
            let key = bearer(try await client.apiKey("bob"))
            let kept = try await client.send(
                .post, "/api/pomodoro/submit",
                body: Self.submit(start: "2025-11-22T07:00:00Z", end: "2025-11-22T07:25:00Z", duration: "25"),
                headers: jwt)
            #expect(kept.status == .created)

            let cases: [(String, String, String, HTTPFields)] = [
                ("/api/pomodoro/submit", Self.deep, "deep array", jwt),
                ("/api/pomodoro/submit", Self.deepObject, "deep object", jwt),
                ("/api/v1/pomodoro", Self.deepObject, "deep object", jwt),
                ("/api/projects", #"{"project": \#(Self.deepObject)}"#, "deep object", key),
                (
                    "/api/pomodoro/submit",
                    Self.submit(start: "2025-11-22T07:00:00Z", end: "2025-11-22T07:25:00Z", duration: "1e308"),
                    "huge number", jwt
                ),
                (
                    "/api/pomodoro/submit",
                    Self.submit(start: "2025-11-22T07:00:00Z", end: "2025-11-22T07:25:00Z", duration: "1e999"),
                    "overflowing number", jwt
                ),
                (
                    "/api/pomodoro/submit",
                    Self.submit(start: "0001-01-01T00:00:00Z", end: "0001-01-01T00:25:00Z", duration: "25"), "year 1",
                    jwt
                ),
                (
                    "/api/pomodoro/submit",
                    Self.submit(start: "9999-12-31T23:00:00Z", end: "9999-12-31T23:25:00Z", duration: "25"),
                    "year 9999", jwt
                ),
                (
                    "/api/pomodoro/submit", Self.submit(start: "+275760-09-13T00:00:00Z", end: "x", duration: "25"),
                    "beyond any date", jwt
                ),
                ("/api/v1/pomodoro", #"{"duration_minutes": 9223372036854775808}"#, "Int64 overflow", jwt),
                ("/api/v1/pomodoro", #"{"duration_minutes": 1e12}"#, "a trillion minutes", jwt),
                (
                    "/api/session/start",
                    #"{"session_id": "\#(UUID())", "planned_duration": -0.0, "category": "W", "source": "x"}"#,
                    "negative zero", jwt
                ),
                (
                    "/api/projects", #"{"project": {"name": "P", "rate_cents": 99999999999999999999}}"#,
                    "rate overflow", key
                ),
                (
                    "/api/time_entries",
                    #"{"time_entry": {"begin_time": "0001-01-01T00:00:00Z", "duration": 9223372036854775807}}"#,
                    "far past, longest duration", key
                ),
                (
                    "/api/time_entries",
                    #"{"time_entry": {"begin_time": "2025-01-01T00:00:00Z", "end_time": "9999-12-31T23:59:59Z"}}"#,
                    "far future end", key
                ),
                ("/api/goals", #"{"goal": {"text": "x", "begin_date": "99999-01-01"}}"#, "five-digit year", key),
                (
                    "/api/goals", #"{"goal": {"text": "\u0000\u202e", "begin_date": "2025-01-01"}}"#,
                    "control characters", key
                ),
                (
                    "/api/auth/login", #"{"username": "ana' OR '1'='1", "password": "x' OR '1'='1"}"#, "SQL in strings",
                    [:]
                ),
            ]
            for (path, body, label, headers) in cases {
                let reply = try await client.send(.post, path, body: body, headers: headers)
                #expect(reply.status.code < 500, "\(label): \(reply)")
                #expect(!reply.body.isEmpty && (try? JSONSerialization.jsonObject(with: Data(reply.body.utf8))) != nil)
            }

            // Invalid UTF-8 and a body that is not what its Content-Type says.
            for bytes: [UInt8] in [
                [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D], [0xC3, 0x28], Array("\u{FEFF}{}".utf8),
            ] {
                let response = try await client.execute(
                    uri: "/api/pomodoro/submit", method: .post,
                    headers: [.authorization: jwt[.authorization]!, .contentType: "application/json"],
                    body: ByteBuffer(bytes: bytes))
                #expect(response.status.code == 400, "\(bytes): \(response.status)")
            }

            // Ids that try to escape their path or their query.
            for (path, headers) in [
                ("/api/projects/..%2F..%2Fetc%2Fpasswd", key), ("/api/tasks/'%3B%20DROP%20TABLE%20users%3B--", key),
                ("/api/goals?project_id='%20OR%201%3D1--", key), ("/api/pomodoro/1%20OR%201%3D1", jwt),
                ("/api/v1/pomodoro/history?cursor=%00%00%00", jwt),
                ("/api/v1/pomodoro/history?limit=99999999999999999999", jwt),
                ("/api/v1/reports/summary?from=0000-00-00", jwt), ("/api/get_presession/%0d%0aSet-Cookie:%20x=y", jwt),
                ("/api/projects/%00", key), ("/api/get_presession/a%00b", jwt), ("/api/goals?project_id=%00", key),
            ] {
                let reply = try await client.send(.get, path, headers: headers)
                #expect([400, 404, 422].contains(reply.status.code), "\(path): \(reply)")
                #expect(!reply.body.isEmpty)
                #expect(reply.headers[.setCookie] == nil)
            }

            // validate: what was stored before is still there
            let history = try await client.send(.get, "/api/v1/pomodoro/history", headers: jwt)
            let items = try #require(history.data["items"] as? [[String: Any]])
            #expect(items.contains { $0["started_at"] as? String == "2025-11-22T07:00:00Z" })
            let me = try await client.send(.get, "/api/auth/me", headers: jwt)
            #expect(me.status == .ok, "\(me)")
        }
    }
}

extension HostileInputTests {
    @Test(arguments: TestBackend.available)
    func textWithNULIsRefusedInEveryDialect(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let jwt = bearer(try await client.accessToken("ana"))
            let key = bearer(try await client.apiKey("bob"))
            let game = try await client.send(
                .post, "/api/session/start",
                body: #"{"session_id": "\#(UUID())", "planned_duration": 25, "category": "a\u0000b", "source": "x"}"#,
                headers: jwt)
            #expect(game.status == .badRequest)
            #expect(game.json["error"] as? String == #"Text must not contain NUL (\u0000) characters"#)
            let magic = try await client.send(
                .post, "/api/goals", body: #"{"goal": {"text": "\u0000", "begin_date": "2025-01-01"}}"#, headers: key)
            #expect(
                magic.body == #"{"errors":{"base":["Text must not contain NUL (\\u0000) characters"]}}"#, "\(magic)")
            // An escaped backslash before "u0000" is ordinary text.
            let text = try await client.send(
                .post, "/api/goals", body: #"{"goal": {"text": "C:\\u0000", "begin_date": "2025-01-01"}}"#, headers: key
            )
            #expect(text.status == .created, "\(text)")
            let url = try await client.send(.get, "/api/v1/pomodoro/history?status=%00", headers: jwt)
            #expect(url.status == .badRequest)
            #expect(url.json["message"] as? String == "NUL characters (%00) are not allowed in URLs")
        }
    }
}
