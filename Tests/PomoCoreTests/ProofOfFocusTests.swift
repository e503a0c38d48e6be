import Foundation
import PomoCore
import Testing

@Suite struct ProofOfFocusTests {
    @Test func theDocumentedCleanSessionScores100HighAndOnePoint() {
        let result = ProofOfFocus.score(
            durationMinutes: 25, plannedMinutes: 25, planning: .matched, onTime: true, source: "mac_app")
        #expect(result.score == 100)
        #expect(result.trustworthiness == .high)
        #expect(result.points == 1.0)
        #expect(result.factors == PofFactors(completion: 1, planning: 1, timing: 1, source: 1))
    }

    @Test(arguments: [
        // duration, planned, planning, on time, source → score, trust
        (25.0, 25.0, PlanningMatch.notPlanned, true, "web_timer", 85, Trustworthiness.high),
        (25.0, 25.0, .mismatched, true, "web_timer", 70, .medium),
        (25.0, 25.0, .matched, false, "web_timer", 90, .high),
        (25.0, 25.0, .matched, true, "some_app", 90, .high),
        (10.0, 25.0, .matched, true, "web_timer", 40, .low),
        (20.0, 25.0, .notPlanned, false, "other", 55, .medium),
        (50.0, 25.0, .matched, true, "windows_app", 100, .high),
    ])
    func factorsMultiply(
        duration: Double, planned: Double, planning: PlanningMatch, onTime: Bool, source: String, score: Int,
        trust: Trustworthiness
    ) {
        let result = ProofOfFocus.score(
            durationMinutes: duration, plannedMinutes: planned, planning: planning, onTime: onTime, source: source)
        #expect(result.score == score)
        #expect(result.trustworthiness == trust)
    }

    @Test func trustworthinessBoundariesAre80And50() {
        #expect(Trustworthiness(score: 80) == .high)
        #expect(Trustworthiness(score: 79) == .medium)
        #expect(Trustworthiness(score: 50) == .medium)
        #expect(Trustworthiness(score: 49) == .low)
    }

    @Test func pointsAreMinutesOver25ToOneDecimal() {
        #expect(ProofOfFocus.points(durationMinutes: 25) == 1.0)
        #expect(ProofOfFocus.points(durationMinutes: 360) == 14.4)
        #expect(ProofOfFocus.points(durationMinutes: 485) == 19.4)
        #expect(ProofOfFocus.points(durationMinutes: 45) == 1.8)
    }

    @Test func aCancelledSessionKeepsHalfTheShareItDidAtMost50() {
        let half = ProofOfFocus.cancelled(
            elapsedMinutes: 12.5, plannedMinutes: 25, planning: .matched, source: "mac_app")
        #expect(half.score == 25)
        #expect(half.points == 0.3)  // 12.5 / 25 × 0.5 = 0.25 → 0.3
        let whole = ProofOfFocus.cancelled(
            elapsedMinutes: 40, plannedMinutes: 25, planning: .matched, source: "mac_app")
        #expect(whole.score == 50)
        #expect(whole.trustworthiness == .medium)
    }
}
