import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoTestSupport
import Testing

/// Ten identical overlapping 240-minute submits earned 96 points at once. The Game's contract
/// stays (each submit is accepted and earns its points), but a session that repeats time the
/// user already logged scores lower, with the reason in its factor breakdown.
@Suite struct OverlapTests {
    static func submit(_ start: String, _ end: String, _ minutes: Int) -> String {
        gameSubmitBody(start: start, end: end, duration: String(minutes), source: "mac_app")
    }

    @Test(arguments: TestBackend.available)
    func aSessionOverlappingEarlierOnesScoresLowerAndSaysWhy(_ backend: TestBackend) async throws {
        try await TestApp.run(backend, clock: ManualClock(Date(timeIntervalSince1970: 1_763_800_000))) { client in
            let jwt = bearer(try await client.accessToken("ana"))
            func post(_ body: String) async throws -> [String: Any] {
                let reply = try await client.send(.post, "/api/pomodoro/submit", body: body, headers: jwt)
                #expect(reply.status == .created, "\(reply)")
                return reply.json["pomodoro"] as? [String: Any] ?? [:]
            }
            // MUT: one session, the same period again, half of it again, and a separate one
            let first = try await post(Self.submit("2025-11-22T07:00:00Z", "2025-11-22T07:50:00Z", 50))
            let copy = try await post(Self.submit("2025-11-22T07:00:00Z", "2025-11-22T07:50:00Z", 50))
            let half = try await post(Self.submit("2025-11-22T07:25:00Z", "2025-11-22T08:15:00Z", 50))
            let apart = try await post(Self.submit("2025-11-22T03:00:00Z", "2025-11-22T03:50:00Z", 50))

            // validate: 100 x 0.85 (not planned) x 0.9 (submitted late) = 77; a full copy at half of it
            #expect(first["pof_score"] as? Int == 77)
            #expect(copy["pof_score"] as? Int == 38)
            #expect(copy["trustworthiness"] as? String == "Low")
            // 07:25-07:50 lies inside both earlier sessions: 50 of its 50 minutes count as covered.
            #expect(half["pof_score"] as? Int == 38)
            #expect(apart["pof_score"] as? Int == 77)
            // Points keep the Game's rule: every accepted session earns them.
            #expect(copy["points"] as? Double == 2)
            let detail = try await client.send(.get, "/api/pomodoro/\(copy["id"] as? Int ?? 0)", headers: jwt)
            let factors =
                (detail.json["pomodoro"] as? [String: Any])?["pof_factors"] as? [String: Any]
                ?? detail.json["pof_factors"] as? [String: Any]
            #expect(factors?["overlap"] as? Double == 0.5, "\(detail)")
        }
    }
}
