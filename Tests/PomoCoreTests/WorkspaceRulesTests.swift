import Foundation
import PomoCore
import Testing

@Suite struct WorkspaceRulesTests {
    @Test(arguments: [
        (GoalPeriod.week, "2025-10-01", "2025-09-29"), (.week, "2025-09-29", "2025-09-29"),
        (.week, "2025-10-05", "2025-09-29"), (.month, "2025-10-17", "2025-10-01"),
        (.month, "2024-02-29T23:00:00Z", "2024-02-01"), (.week, "2026-01-01", "2025-12-29"),
    ])
    func goalDatesStartTheirPeriod(_ period: GoalPeriod, _ given: String, _ expected: String) {
        #expect(period.normalize(given) == expected)
    }

    @Test(arguments: ["2025-02-30", "2025-13-01", "yesterday", "", "2025-10-01 junk"])
    func goalDatesThatAreNotDatesAreRefused(_ given: String) {
        #expect(GoalPeriod.month.normalize(given) == nil)
    }

    @Test func durationIsComputedFromBeginAndEndInWholeSeconds() throws {
        let begin = Date(timeIntervalSince1970: 1_000)
        let (end, duration) = try TimeEntryRules.times(
            begin: begin, end: begin.addingTimeInterval(90.7), duration: 5)
        #expect(end == begin.addingTimeInterval(90.7))
        #expect(duration == 90)
    }

    @Test func aDurationAloneSetsTheEnd() throws {
        let begin = Date(timeIntervalSince1970: 1_000)
        let (end, duration) = try TimeEntryRules.times(begin: begin, end: nil, duration: 3600)
        #expect(end == begin.addingTimeInterval(3600))
        #expect(duration == 3600)
        #expect(try TimeEntryRules.times(begin: begin, end: nil, duration: nil) == (nil, nil))
    }

    @Test func anEndBeforeTheBeginIsRefused() {
        let begin = Date(timeIntervalSince1970: 1_000)
        #expect(throws: AppError.validation("end_time", "must be after begin_time")) {
            try TimeEntryRules.times(begin: begin, end: begin.addingTimeInterval(-1), duration: nil)
        }
    }

    @Test func theRateLimiterLetsExactlyTheLimitThroughPerWindow() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_763_799_980))  // 20 s into a window
        let limiter = RateLimiter(limit: 5, store: InMemoryRateLimitStore(), clock: clock)
        var allowed: [Bool] = []
        for _ in 0..<7 { allowed.append(try await limiter.check("u1").allowed) }
        #expect(allowed == [true, true, true, true, true, false, false])
        let refused = try await limiter.check("u1")
        #expect(refused.remaining == 0)
        #expect(refused.resetSeconds == 40)
        #expect(try await limiter.check("u2").allowed)
        clock.advance(by: 40)
        let next = try await limiter.check("u1")
        #expect(next.allowed && next.remaining == 4)
    }
}
