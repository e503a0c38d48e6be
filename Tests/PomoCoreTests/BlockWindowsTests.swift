import Foundation
import PomoCore
import Testing

@Suite struct BlockWindowsTests {
    let tokyo = TimeZone(identifier: "Asia/Tokyo")!
    /// 2025-11-22 00:00 in Tokyo.
    let midnight = Date(timeIntervalSince1970: 1_763_737_200)

    func task(_ title: String, _ label: String?, done: Bool = false) -> DailyTask {
        DailyTask(uuid: title, title: title, timeLabel: label, target: 1, completed: done ? 1 : 0)
    }

    func session(start: Date, minutes: Double, status: SessionStatus = .active) -> FocusSession {
        var session = FocusSession(
            uuid: "s", userId: 1, kind: .work, status: status, timezone: "Asia/Tokyo", localDate: "2025-11-22",
            startedAt: start, createdAt: start)
        session.scheduledEndAt = start.addingTimeInterval(minutes * 60)
        return session
    }

    static let labels: [(String, Double, Double?)] = [
        ("朝 7時", 25_200, nil), ("夜 21時", 75_600, nil), ("7時30分", 27_000, nil),
        ("09:00-10:30", 32_400, 37_800), ("13:15〜14:00", 47_700, 50_400), ("18:00", 64_800, nil),
    ]

    @Test(arguments: labels)
    func timeLabelsNameTheirTimes(label: String, from: Double, to: Double?) throws {
        let windows = try #require(
            BlockWindows.windows(
                date: "2025-11-22", timezone: tokyo, sessions: [], tasks: [task("T", label)], focusOnly: false,
                merge: false))
        #expect(windows.count == 1)
        #expect(windows.first?.start == midnight.addingTimeInterval(from))
        #expect(windows.first?.end == midnight.addingTimeInterval(to ?? from + 3600))
        #expect(windows.first?.reason == "task:T")
    }

    @Test(arguments: ["いつでも", "Room 5", "", "25:00"])
    func labelsWithoutATimeMakeNoWindow(label: String) throws {
        let windows = BlockWindows.windows(
            date: "2025-11-22", timezone: tokyo, sessions: [], tasks: [task("T", label)], focusOnly: false, merge: false
        )
        #expect(windows == [])
    }

    @Test func sessionsAreClippedToTheDayAndDoneTasksAndBreaksLeftOut() throws {
        var rest = session(start: midnight.addingTimeInterval(3600), minutes: 5)
        rest.kind = .shortBreak
        let overnight = session(start: midnight.addingTimeInterval(-600), minutes: 25)
        let windows = try #require(
            BlockWindows.windows(
                date: "2025-11-22", timezone: tokyo,
                sessions: [overnight, rest, session(start: midnight, minutes: 5, status: .completed)],
                tasks: [task("Done", "8:00", done: true)], focusOnly: false, merge: false))
        #expect(windows == [BlockWindow(start: midnight, end: midnight.addingTimeInterval(900), reason: "pomodoro")])
    }

    @Test func mergeUnitesOverlapsAndFocusOnlyDropsTasks() throws {
        let focus = session(start: midnight.addingTimeInterval(7 * 3600 + 1800), minutes: 50)
        let tasks = [task("Water", "7:00"), task("Read", "20:00")]
        let merged = try #require(
            BlockWindows.windows(
                date: "2025-11-22", timezone: tokyo, sessions: [focus], tasks: tasks, focusOnly: false, merge: true))
        #expect(merged.count == 2)
        #expect(merged[0].start == midnight.addingTimeInterval(7 * 3600))
        #expect(merged[0].end == midnight.addingTimeInterval(8 * 3600 + 1200))
        #expect(merged[0].reason == "task:Water,pomodoro")
        let focusOnly = try #require(
            BlockWindows.windows(
                date: "2025-11-22", timezone: tokyo, sessions: [focus], tasks: tasks, focusOnly: true, merge: false))
        #expect(focusOnly.map(\.reason) == ["pomodoro"])
    }

    @Test func aBadDateIsNil() {
        #expect(
            BlockWindows.windows(
                date: "22/11/2025", timezone: tokyo, sessions: [], tasks: [], focusOnly: false, merge: false)
                == nil)
    }
}
