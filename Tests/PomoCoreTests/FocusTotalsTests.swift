import Foundation
import PomoCore
import Testing

/// The day arithmetic and the shares behind the maintained totals, checked against Foundation.
@Suite struct FocusTotalsTests {
    @Test func civilDaysAgreeWithTheGregorianCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let start = Date(timeIntervalSince1970: -2_208_988_800)  // 1900-01-01
        for offset in stride(from: 0, to: 80_000, by: 7) {
            let date = start.addingTimeInterval(Double(offset) * 86_400)
            let text = LocalDate.string(for: date, timezone: "UTC")
            let number = CivilDay.number(text)
            #expect(number == Int((date.timeIntervalSince1970 / 86_400).rounded(.down)), "\(text)")
            #expect(number.map(CivilDay.string) == text)
            #expect(CivilDay.isWeekend(text) == calendar.isDateInWeekend(date), "\(text)")
        }
        #expect(CivilDay.number("2025-13-01") == nil)
        #expect(CivilDay.number("2025-02") == nil)
    }

    @Test func hoursAreThoseOfTheWallClockAcrossDSTChanges() {
        for zone in ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Pacific/Chatham", "UTC"] {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: zone)!
            for minute in stride(from: 0, to: 2 * 366 * 24 * 60, by: 97) {
                let date = Date(timeIntervalSince1970: 1_735_689_600 + Double(minute) * 60)
                #expect(LocalDate.hour(of: date, timezone: zone) == calendar.component(.hour, from: date))
            }
        }
    }

    @Test func runsAreTheConsecutiveDays() {
        let days = ["2025-03-30", "2025-03-31", "2025-04-01", "2025-04-03", "2024-12-31", "2025-01-01", "2025-04-01"]
        #expect(
            StreakRun.runs(of: days) == [
                StreakRun(firstDay: "2024-12-31", lastDay: "2025-01-01", days: 2),
                StreakRun(firstDay: "2025-03-30", lastDay: "2025-04-01", days: 3),
                StreakRun(firstDay: "2025-04-03", lastDay: "2025-04-03", days: 1),
            ])
        let run = StreakRun(firstDay: "2025-04-01", lastDay: "2025-04-03", days: 3)
        #expect(run.current(today: "2025-04-03") == 3)
        #expect(run.current(today: "2025-04-04") == 3)
        #expect(run.current(today: "2025-04-05") == 0)
        #expect(run.current(today: "2025-04-02") == 0)
    }

    /// Only finished work counts; a change takes the old share out and puts the new one in.
    @Test func aDeltaIsTheNewShareMinusTheOld() {
        var session = FocusSession(
            uuid: "s", userId: 1, kind: .work, status: .active, timezone: "Europe/Berlin", localDate: "2025-03-29",
            startedAt: Date(timeIntervalSince1970: 1_743_231_600), createdAt: Date(timeIntervalSince1970: 1_743_231_600)
        )
        #expect(FocusTotalsDelta(before: nil, after: session).isEmpty)
        var done = session
        done.status = .completed
        done.durationMinutes = 95
        done.category = "Coding"
        done.pof = ProofOfFocus.score(
            durationMinutes: 95, plannedMinutes: nil, planning: .notPlanned, onTime: true, source: nil)
        let delta = FocusTotalsDelta(before: session, after: done)
        let all = delta.user[UserTotalsKey(.all, "")]
        #expect(all?.completed == 1)
        #expect(all?.maxMinutes == 95)
        #expect(all?.weekendCompleted == 1)  // a Saturday
        #expect(delta.user[UserTotalsKey(.hour, "08")]?.minutes == 95)  // 07:00 UTC is 08:00 in Berlin
        #expect(delta.completedDays == ["2025-03-29": 1])
        session = done
        session.evaluationRating = 5
        let evaluated = FocusTotalsDelta(before: done, after: session)
        #expect(evaluated.user[UserTotalsKey(.all, "")]?.completed == 0)
        #expect(evaluated.completedDays == ["2025-03-29": 0])
        var breakSession = done
        breakSession.kind = .shortBreak
        #expect(FocusTotalsDelta(before: nil, after: breakSession).isEmpty)
    }
}
