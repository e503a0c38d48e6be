import Foundation
import PomoCore
import Testing

@Suite struct UserStatsTests {
    /// Wednesday 2025-11-19 12:00 UTC.
    let now = Date(timeIntervalSince1970: 1_763_553_600)

    func session(daysAgo: Int, hour: Int = 10, minutes: Double = 25, status: SessionStatus = .completed) -> FocusSession
    {
        let start = Calendar(identifier: .gregorian).date(
            byAdding: .day, value: -daysAgo, to: now.addingTimeInterval(Double(hour - 12) * 3600))!
        var session = FocusSession(
            uuid: UUID().uuidString, userId: 1, kind: .work, status: status, timezone: "UTC",
            localDate: LocalDate.string(for: start, timezone: "UTC"), startedAt: start, createdAt: start)
        session.durationMinutes = minutes
        session.category = daysAgo == 0 ? "Writing" : "Coding"
        session.pof =
            status == .completed
            ? ProofOfFocus.score(
                durationMinutes: minutes, plannedMinutes: minutes, planning: .matched, onTime: true, source: "web_timer"
            )
            : ProofOfFocus.cancelled(
                elapsedMinutes: minutes, plannedMinutes: 25, planning: .matched, source: "web_timer")
        return session
    }

    @Test func pointsAreBucketedByTheUsersDays() {
        let sessions = [
            session(daysAgo: 0), session(daysAgo: 0, status: .cancelled), session(daysAgo: 2), session(daysAgo: 20),
        ]
        let stats = UserStats.compute(sessions, timezone: "UTC", now: now)
        #expect(stats.pointsToday == 1.5)  // 1.0 + 0.5 for half of a cancelled 25
        #expect(stats.pointsThisWeek == 2.5)  // Monday 17th onwards
        #expect(stats.pointsThisMonth == 2.5)
        #expect(stats.pointsTotal == 3.5)
        #expect(stats.totalSessions == 3)
        #expect(stats.daysActiveThisWeek == 2)
    }

    @Test func streaksCountConsecutiveDaysEndingTodayOrYesterday() {
        let run = [0, 1, 2, 5, 6, 7, 8].map { session(daysAgo: $0) }
        let stats = UserStats.compute(run, timezone: "UTC", now: now)
        #expect(stats.currentStreak == 3)
        #expect(stats.longestStreak == 4)
        let fromYesterday = UserStats.compute([1, 2].map { session(daysAgo: $0) }, timezone: "UTC", now: now)
        #expect(fromYesterday.currentStreak == 2)
        let broken = UserStats.compute([2, 3].map { session(daysAgo: $0) }, timezone: "UTC", now: now)
        #expect(broken.currentStreak == 0)
        #expect(broken.longestStreak == 2)
    }

    @Test func statsAndBadgesDescribeTheSessions() {
        let sessions = [session(daysAgo: 0, hour: 6), session(daysAgo: 1, minutes: 95), session(daysAgo: 4)]
        let stats = UserStats.compute(sessions, timezone: "UTC", now: now)
        #expect(stats.badges == ["early_bird", "marathon_session", "weekend_warrior"])
        #expect(stats.favoriteCategory == "Coding")
        #expect(stats.mostProductiveHour == 10)
        #expect(stats.averageSessionLength == 48.3)
    }
}
