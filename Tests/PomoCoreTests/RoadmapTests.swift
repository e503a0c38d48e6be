import Foundation
import Testing

@testable import PomoCore

@Suite struct RoadmapTests {
    /// Counted, not walked: the count agrees with walking the days, for every start weekday and
    /// span up to three weeks, and around 1970 (day 0) where the arithmetic turns negative.
    @Test func workingDaysAgreeWithWalkingTheDays() {
        for start in -20...20 {
            for span in 0...21 {
                let walked = (start...(start + span)).filter { CivilDay.weekday($0) < 5 }.count
                #expect(Roadmap.workingDays(from: start, through: start + span) == walked, "\(start)+\(span)")
            }
        }
        #expect(CivilDay.weekday(0) == 3)  // 1970-01-01 was a Thursday
        #expect(CivilDay.string(Roadmap.workingDay(1, after: CivilDay.parse("2025-12-05")!)) == "2025-12-08")
    }

    @Test func anEstimateIsAPositiveNumberOrNumericTextElseOneHour() {
        let cases: [(String?, Double)] = [
            (#"{"estimated_hours": 3.5}"#, 3.5), (#"{"estimated_hours": " 4 "}"#, 4),
            (#"{"estimated_hours": true}"#, 1),
            (#"{"estimated_hours": -2}"#, 1), (#"{"estimated_hours": 0}"#, 1), (#"{"other": 5}"#, 1), ("[1]", 1),
            (nil, 1), (#"{"estimated_hours": 1e12}"#, Roadmap.maxHours),
        ]
        for (data, hours) in cases { #expect(Roadmap.estimatedHours(data: data) == hours, "\(data ?? "nil")") }
    }

    /// The largest estimates over the smallest working day, from the last year a date can have,
    /// plan without trapping.
    @Test func extremeInputsPlanWithoutOverflow() throws {
        let items = (0..<1_000).map { Roadmap.Item(uuid: "\($0)", name: "t", estimatedHours: Roadmap.maxHours) }
        let plan = try #require(
            Roadmap.plan(items, startsOn: "9999-12-30", endsOn: "9999-12-31", hoursPerDay: .leastNonzeroMagnitude))
        #expect(plan.fits == false)
        #expect(plan.tasks.count == 1_000)
        #expect(Roadmap.plan(items, startsOn: "2025-12-05", endsOn: "2025-12-01", hoursPerDay: 8) == nil)
        #expect(Roadmap.plan(items, startsOn: "2025-02-30", endsOn: "2025-12-01", hoursPerDay: 8) == nil)
    }
}
