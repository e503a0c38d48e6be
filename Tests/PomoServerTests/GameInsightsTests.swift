import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoTestSupport
import Testing

@Suite struct GameInsightsTests {
    @Test(arguments: TestBackend.available)
    func trackingAndSyncStatusDescribeTheCallersSessions(_ backend: TestBackend) async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_763_800_000))
        try await TestApp.run(backend, clock: clock) { client in
            let ana = bearer(try await client.accessToken("ana"))
            var mac = ana
            mac[.init("X-App-Identifier")!] = "RegardingWork-Mac-v1.0"
            let submit = """
                {"start_time": "2025-11-22T08:00:00Z", "end_time": "2025-11-22T08:25:00Z", "duration": 25,
                 "category": "Doing", "project": "P", "note": "", "session_id": "\(UUID().uuidString)"}
                """
            #expect(try await client.send(.post, "/api/pomodoro/submit", body: submit, headers: mac).status == .created)
            let cancel =
                #"{"session_id": "\#(UUID().uuidString)", "planned_duration": 25, "elapsed_minutes": 5, "source": "web_timer"}"#
            #expect(try await client.send(.post, "/api/session/cancel", body: cancel, headers: ana).status == .created)

            let tracking = try await client.send(.get, "/api/analytics/tracking", headers: ana)
            #expect(tracking.status == .ok, "\(tracking)")
            #expect((tracking.json["by_source"] as? [String: Any])?["mac_app"] as? Int == 1)
            #expect((tracking.json["by_category"] as? [String: Any])?["Doing"] as? Int == 1)
            #expect(tracking.json["sessions"] as? Int == 1)
            #expect(tracking.json["minutes"] as? Int == 25)
            #expect(tracking.json["cancellations"] as? Int == 1)

            let sync = try await client.send(.get, "/api/sync/status", headers: ana)
            #expect(sync.json["sync_status"] as? String == "healthy")
            #expect(sync.json["total_devices"] as? Int == 2)
            let devices = try #require(sync.json["devices"] as? [[String: Any]])
            #expect(Set(devices.compactMap { $0["device_id"] as? String }) == ["RegardingWork-Mac-v1.0", "web_timer"])
            clock.advance(by: 2 * 86_400)
            let later = try await client.send(.get, "/api/sync/status?include_devices=false", headers: ana)
            #expect(later.json["sync_status"] as? String == "offline")
            #expect(later.json["devices"] == nil)
            #expect(try await client.send(.get, "/api/sync/status?last_hours=0", headers: ana).status == .badRequest)
            let ben = bearer(try await client.accessToken("ben"))
            #expect(try await client.send(.get, "/api/analytics/tracking", headers: ben).json["sessions"] as? Int == 0)
        }
    }
}
