import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoTestSupport
import Testing

@Suite struct GameFlowTests {
    static let uuid = "39440f6c-26cb-434d-a024-14caef17f3e0"
    static let start = Date(timeIntervalSince1970: 1_763_800_000)  // 2025-11-22T08:26:40Z

    static func startBody(_ uuid: String = uuid, category: String = "Programming") -> String {
        """
        {"session_id": "\(uuid)", "planned_duration": 25, "category": "\(category)", "project": "Mac App",
         "planning_notes": "Ship the sync", "goals": "one PR", "energy_level": 8, "source": "mac_app"}
        """
    }

    static func submitBody(category: String = "Programming", minutes: Int = 25) -> String {
        """
        {"start_time": "2025-11-22T08:26:40Z", "end_time": "\(Timestamp.format(start.addingTimeInterval(Double(minutes) * 60)))",
         "duration": \(minutes), "category": "\(category)", "project": "Mac App", "note": "done", "source": "mac_app",
         "session_id": "\(uuid)"}
        """
    }

    @Test(arguments: TestBackend.available)
    func planThenSubmitScoresAFullMatchAndTaskWorksSeesTheRunningSession(_ backend: TestBackend) async throws {
        let clock = ManualClock(Self.start)
        try await TestApp.run(backend, clock: clock) { client in
            let auth = bearer(try await client.accessToken("ana"))
            let started = try await client.send(.post, "/api/session/start", body: Self.startBody(), headers: auth)
            #expect(started.status == .created, "\(started)")
            #expect(started.json["session_id"] as? String == Self.uuid)
            let pre = try #require(started.json["pre_session"] as? [String: Any])
            #expect(pre["planned_duration"] as? Int == 25)
            #expect(pre["energy_level"] as? Int == 8)
            #expect(pre["project"] as? String == "Mac App")

            // The timer runs from the start: TaskWorks sees it, and refuses a second start.
            let active = try await client.send(.get, "/api/v1/pomodoro", headers: auth)
            #expect(active.data["status"] as? String == "active")
            #expect(active.data["scheduled_end_at"] as? String == "2025-11-22T08:51:40Z")
            let twStart = try await client.send(
                .post, "/api/v1/pomodoro", body: #"{"duration_minutes": 25}"#, headers: auth)
            #expect(twStart.status == .conflict)
            #expect(try await client.send(.get, "/api/focusing-now").json["count"] as? Int == 1)

            let again = try await client.send(.post, "/api/session/start", body: Self.startBody(), headers: auth)
            #expect(again.status == .conflict)
            #expect(again.json["error"] as? String == "Session already started")

            let presession = try await client.send(.get, "/api/get_presession/\(Self.uuid)", headers: auth)
            let plan = try #require(presession.json["presession"] as? [String: Any])
            #expect(plan["planning_note"] as? String == "Ship the sync")
            #expect((plan["project"] as? [String: Any])?["type"] as? String == "personal")

            clock.advance(by: 26 * 60)
            let submitted = try await client.send(.post, "/api/pomodoro/submit", body: Self.submitBody(), headers: auth)
            #expect(submitted.status == .created, "\(submitted)")
            let pomodoro = try #require(submitted.json["pomodoro"] as? [String: Any])
            #expect(pomodoro["pof_score"] as? Int == 100)
            #expect(pomodoro["trustworthiness"] as? String == "High")
            #expect(
                try await client.send(.get, "/api/v1/pomodoro", headers: auth).body == #"{"data":null,"error":null}"#)
            #expect(try await client.send(.get, "/api/focusing-now").json["count"] as? Int == 0)
        }
    }

    /// One rule for every client: minutes past the plan are not focus, unless the user says they
    /// kept going; then they count and the score's factors say how many there were.
    @Test(arguments: TestBackend.available)
    func timePastThePlanIsNotFocusUnlessTheUserKeptGoing(_ backend: TestBackend) async throws {
        let clock = ManualClock(Self.start)
        try await TestApp.run(backend, clock: clock) { client in
            let auth = bearer(try await client.accessToken("ana"))
            func submit(_ uuid: String, keptGoing: Bool) async throws -> [String: Any] {
                let started = clock.now()
                _ = try await client.send(.post, "/api/session/start", body: Self.startBody(uuid), headers: auth)
                clock.advance(by: 40 * 60)
                let body = """
                    {"start_time": "\(Timestamp.format(started))", "end_time": "\(Timestamp.format(clock.now()))",
                     "duration": 40, "category": "Programming", "project": "Mac App", "note": "done",
                     "source": "mac_app", "session_id": "\(uuid)"\(keptGoing ? #", "kept_going": true"# : "")}
                    """
                let reply = try await client.send(.post, "/api/pomodoro/submit", body: body, headers: auth)
                #expect(reply.status == .created, "\(reply)")
                let pomodoro = try #require(reply.json["pomodoro"] as? [String: Any])
                let id = try #require(pomodoro["id"] as? Int)
                let detail = try await client.send(.get, "/api/pomodoro/\(id)", headers: auth)
                var shown = pomodoro
                shown["factors"] = (detail.json["pomodoro"] as? [String: Any])?["pof_factors"]
                return shown
            }
            // A 25-minute plan submitted as 40 minutes: 25 count.
            let capped = try await submit("5a1f0f6c-26cb-434d-a024-14caef17f3e0", keptGoing: false)
            #expect(capped["duration"] as? Double == 25 && capped["points"] as? Double == 1, "\(capped)")
            #expect(capped["pof_score"] as? Int == 100)
            #expect((capped["factors"] as? [String: Any])?["kept_going_minutes"] == nil, "\(capped)")
            // The same, with "I kept going": 40 count, 15 of them past the plan.
            let kept = try await submit("5b1f0f6c-26cb-434d-a024-14caef17f3e0", keptGoing: true)
            #expect(kept["duration"] as? Double == 40 && kept["points"] as? Double == 1.6, "\(kept)")
            #expect((kept["factors"] as? [String: Any])?["kept_going_minutes"] as? Double == 15, "\(kept)")

            // TaskWorks' complete, late: the plan's minutes; with {"kept_going": true}: all of them.
            for (keptGoing, points) in [(false, 1.0), (true, 1.4)] {
                let started = try await client.send(
                    .post, "/api/v1/pomodoro", body: #"{"duration_minutes": 25}"#, headers: auth)
                let id = try #require(started.data["id"] as? String)
                clock.advance(by: 35 * 60)
                let done = try await client.send(
                    .post, "/api/v1/pomodoro/\(id)/complete", body: keptGoing ? #"{"kept_going": true}"# : "",
                    headers: auth)
                #expect(done.status == .ok && done.data["points"] as? Double == points, "\(keptGoing): \(done)")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aSubmitThatChangesThePlanScoresLower(_ backend: TestBackend) async throws {
        let clock = ManualClock(Self.start)
        try await TestApp.run(backend, clock: clock) { client in
            let auth = bearer(try await client.accessToken("ana"))
            _ = try await client.send(.post, "/api/session/start", body: Self.startBody(), headers: auth)
            clock.advance(by: 12 * 60)
            let submitted = try await client.send(
                .post, "/api/pomodoro/submit", body: Self.submitBody(category: "Email", minutes: 10), headers: auth)
            // completion 10/25 × planning 0.7 = 28
            #expect((submitted.json["pomodoro"] as? [String: Any])?["pof_score"] as? Int == 28)
        }
    }

    @Test(arguments: TestBackend.available)
    func cancelIsThePointOfNoReturnWithPartialCredit(_ backend: TestBackend) async throws {
        let clock = ManualClock(Self.start)
        try await TestApp.run(backend, clock: clock) { client in
            let auth = bearer(try await client.accessToken("ana"))
            _ = try await client.send(.post, "/api/session/start", body: Self.startBody(), headers: auth)
            clock.advance(by: 10 * 60)
            let body = """
                {"session_id": "\(Self.uuid)", "planned_duration": 25, "elapsed_minutes": 12.5, "reason": "interruption",
                 "cancel_reason_note": "phone", "source": "mac_app"}
                """
            let cancelled = try await client.send(.post, "/api/session/cancel", body: body, headers: auth)
            #expect(cancelled.status == .created, "\(cancelled)")
            #expect(cancelled.json["message"] as? String == "Session cancelled and recorded successfully")
            let record = try #require(cancelled.json["cancellation"] as? [String: Any])
            #expect(record["partial_pof_score"] as? Int == 25)
            #expect(record["reason"] as? String == "interruption")
            #expect(cancelled.json["cancellation_id"] as? String == String(record["id"] as? Int ?? -1))
            // Twice is harmless; submitting afterwards is refused; the timer slot is free again.
            #expect(try await client.send(.post, "/api/session/cancel", body: body, headers: auth).status == .created)
            let late = try await client.send(.post, "/api/pomodoro/submit", body: Self.submitBody(), headers: auth)
            #expect(late.status == .conflict)
            #expect(
                try await client.send(.get, "/api/v1/pomodoro", headers: auth).body == #"{"data":null,"error":null}"#)

            let unknown = """
                {"session_id": "6f1f0f6c-26cb-434d-a024-14caef17f3e0", "planned_duration": 25, "elapsed_minutes": 5}
                """
            let recorded = try await client.send(.post, "/api/session/cancel", body: unknown, headers: auth)
            #expect(recorded.status == .created)
            let badReason = unknown.replacingOccurrences(
                of: #""elapsed_minutes": 5"#, with: #""elapsed_minutes": 5, "reason": "bored""#
            )
            .replacingOccurrences(of: "6f1f", with: "7f1f")
            let refused = try await client.send(.post, "/api/session/cancel", body: badReason, headers: auth)
            #expect(refused.status == .badRequest)
            #expect(refused.json["field"] as? String == "reason")
            // Out-of-range numbers (found by the fuzzer: 4.6e67 minutes was recorded) are refused.
            for (field, value) in [
                ("planned_duration", "4.6e67"), ("planned_duration", "0"), ("elapsed_minutes", "-1"),
            ] {
                let huge = unknown.replacingOccurrences(of: "6f1f", with: "8f1f")
                    .replacingOccurrences(
                        of: field == "planned_duration" ? #""planned_duration": 25"# : #""elapsed_minutes": 5"#,
                        with: #""\#(field)": \#(value)"#)
                let reply = try await client.send(.post, "/api/session/cancel", body: huge, headers: auth)
                #expect(reply.status == .badRequest && reply.json["field"] as? String == field, "\(reply)")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func anAbandonedPlanExpiresAndFreesTheTimer(_ backend: TestBackend) async throws {
        let clock = ManualClock(Self.start)
        try await TestApp.run(backend, clock: clock) { client in
            let auth = bearer(try await client.accessToken("ana"))
            _ = try await client.send(.post, "/api/session/start", body: Self.startBody(), headers: auth)
            clock.advance(by: 25 * 60 + 29 * 60)
            let blocked = try await client.send(
                .post, "/api/session/start", body: Self.startBody("8f1f0f6c-26cb-434d-a024-14caef17f3e0"), headers: auth
            )
            #expect(blocked.status == .conflict)
            clock.advance(by: 2 * 60)
            #expect(try await client.send(.get, "/api/focusing-now").json["count"] as? Int == 0)
            let next = try await client.send(
                .post, "/api/session/start", body: Self.startBody("8f1f0f6c-26cb-434d-a024-14caef17f3e0"), headers: auth
            )
            #expect(next.status == .created, "\(next)")
            let old = try await client.send(.get, "/api/get_presession/\(Self.uuid)", headers: auth)
            #expect((old.json["presession"] as? [String: Any])?["status"] as? String == "expired")
        }
    }

    @Test(arguments: TestBackend.available)
    func presenceCountsDistinctPeopleFromEveryDialectButNotBreaks(_ backend: TestBackend) async throws {
        let clock = ManualClock(Self.start)
        try await TestApp.run(backend, clock: clock) { client in
            let ana = bearer(try await client.accessToken("ana"))
            let ben = bearer(try await client.accessToken("ben"))
            let cyd = bearer(try await client.accessToken("cyd"))
            _ = try await client.send(.post, "/api/session/start", body: Self.startBody(), headers: ana)
            _ = try await client.send(.post, "/api/v1/pomodoro", body: #"{"duration_minutes": 50}"#, headers: ben)
            _ = try await client.send(
                .post, "/api/v1/pomodoro", body: #"{"duration_minutes": 5, "session_type": "short_break"}"#,
                headers: cyd)
            #expect(try await client.send(.get, "/api/focusing-now").body == #"{"count":2}"#)
            clock.advance(by: 31 * 60)  // ana's 25 minutes (+5) are over; ben's 50 are not
            #expect(try await client.send(.get, "/api/focusing-now").body == #"{"count":1}"#)
        }
    }

    @Test(arguments: TestBackend.available)
    func theLegacyTimerStartPlansTooAndOthersCannotReadAPlan(_ backend: TestBackend) async throws {
        try await TestApp.run(backend, clock: ManualClock(Self.start)) { client in
            let auth = bearer(try await client.accessToken("ana"))
            let started = try await client.send(
                .post, "/api/mac_timer_start",
                body: #"{"category": "Doing", "duration": 25, "project_id": "Summit", "note": "Planning note here"}"#,
                headers: auth)
            #expect(started.status == .created, "\(started)")
            let uuid = try #require(started.json["session_id"] as? String)
            let plan = try await client.send(.get, "/api/get_presession/\(uuid)", headers: auth)
            #expect((plan.json["presession"] as? [String: Any])?["planning_note"] as? String == "Planning note here")
            let ben = bearer(try await client.accessToken("ben"))
            #expect(try await client.send(.get, "/api/get_presession/\(uuid)", headers: ben).status == .notFound)
        }
    }
}
