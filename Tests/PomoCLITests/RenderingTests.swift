import Foundation
import PomoClient
import PomoCore
import PomoWire
import Testing

@testable import PomoCLI

@Suite struct RenderingTests {
    @Test(arguments: [(1500, "25:00"), (59, "00:59"), (0, "00:00"), (-5, "00:00"), (3723, "1:02:03")])
    func theClockShowsMinutesAndSeconds(_ seconds: Int, _ text: String) {
        #expect(Countdown.clock(seconds) == text)
    }

    @Test func theLineFillsTheWidthAndTheBarFollowsTheTime() {
        let start = Countdown.line(label: "Focus", remaining: 1500, total: 1500, width: 60)
        let half = Countdown.line(label: "Focus", remaining: 750, total: 1500, width: 60)
        let end = Countdown.line(label: "Focus", remaining: 0, total: 1500, width: 60)
        #expect(start.count == 60 && half.count == 60 && end.count == 60)
        #expect(start.hasPrefix("Focus  25:00  [░"))
        #expect(start.hasSuffix("  0%"))
        #expect(half.contains("12:30") && half.hasSuffix(" 50%"))
        #expect(half.filter { $0 == "█" }.count == half.filter { $0 == "░" }.count)
        #expect(end.hasSuffix("100%") && !end.contains("░"))
        #expect(Countdown.line(label: "Focus", remaining: 100, total: 1500, width: 20).count <= 20)
        // A 50-column terminal and a long label: the label is cut, the bar's end and percent stay.
        let narrow = Countdown.line(
            label: "Focus · Programming · The Website Relaunch", remaining: 750, total: 1500, width: 50)
        #expect(narrow.count <= 50 && narrow.hasSuffix(" 50%") && narrow.contains("] ") && narrow.contains("12:30"))
        #expect(narrow.hasPrefix("Focus · Prog") && narrow.contains("…"), "\(narrow)")
    }

    @Test func plainOutputIsOneLinePerMinute() {
        #expect(Countdown.plain(label: "Focus", remaining: 1500) == "Focus: 25 min left")
        #expect(Countdown.plain(label: "Focus", remaining: 61) == "Focus: 2 min left")
        #expect(Countdown.plainLineDue(previous: nil, remaining: 1500))
        #expect(!Countdown.plainLineDue(previous: 1500, remaining: 1441))
        #expect(Countdown.plainLineDue(previous: 1441, remaining: 1439))
    }

    static let report = ReportDTO(
        from: "2025-11-16", to: "2025-11-22", by: .day,
        rows: [
            ReportRow(key: "2025-11-17", sessions: 2, minutes: 50, points: 2),
            ReportRow(key: "2025-11-20", sessions: 1, minutes: 25, points: 1),
        ])

    @Test func theWeekChartHasABarPerDayScaledToTheBusiest() {
        let lines = WeekChart.render(Self.report, width: 60).split(separator: "\n").map(String.init)
        #expect(lines.count == 8)
        #expect(lines[0].hasPrefix("Sun 11-16  0m"))
        #expect(lines[1].hasPrefix("Mon 11-17  50m"))
        #expect(lines[1].filter { $0 == "█" }.count == 30)
        #expect(lines[4].filter { $0 == "█" }.count == 15)
        #expect(lines[7] == "total      1h 15m in 3 sessions")
    }

    @Test func reportsRenderAsTableCSVAndJSON() throws {
        let csv = ReportOutput.render(Self.report, format: "csv")
        #expect(csv == "day,sessions,minutes,points\n2025-11-17,2,50,2\n2025-11-20,1,25,1")
        let table = ReportOutput.render(Self.report, format: "table")
        #expect(table.contains("2025-11-17  2         50m     2.0"))
        #expect(table.contains("total       3         1h 15m  3.0"))
        let json = ReportOutput.render(Self.report, format: "json")
        let decoded = try JSONDecoder().decode(ReportDTO.self, from: Data(json.utf8))
        #expect(decoded == Self.report)
        #expect(ReportOutput.csv("a,\"b\"") == "\"a,\"\"b\"\"\"")
    }

    @Test func theQueueKeepsOneFilePerSessionPrivately() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pomo-queue-\(UUID().uuidString)")
        let queue = OfflineQueue(directory: dir)
        let submission = GameSubmitRequest(
            start: Date(timeIntervalSince1970: 0), end: Date(timeIntervalSince1970: 1500), duration: 25,
            category: "Work", project: "General", note: "", source: "pomo_cli", sessionId: "abc")
        try queue.enqueue(submission)
        try queue.enqueue(submission)
        #expect(queue.pending() == [submission])
        let mode =
            try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("abc.json").path)[
                .posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
