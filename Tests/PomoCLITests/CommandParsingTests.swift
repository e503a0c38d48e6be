import ArgumentParser
import Foundation
import PomoClient
import PomoCore
import PomoWire
import Testing

@testable import PomoCLI

@Suite struct CommandParsingTests {
    @Test func startTakesItsPlanFromFlagsWithDefaults() throws {
        let start = try #require(
            try PomoCommand.parseAsRoot(["start", "--minutes", "50", "--category", "Study", "--note", "ch 2"]) as? Start
        )
        #expect(start.minutes == 50)
        #expect(start.category == "Study")
        #expect(start.project == "General")
        #expect(start.note == "ch 2")
        #expect(!start.detach)
        let detached = try #require(try PomoCommand.parseAsRoot(["start", "--detach"]) as? Start)
        #expect(detached.minutes == nil && detached.category == "Doing" && detached.detach)
    }

    @Test(arguments: [["start", "--minutes", "0"], ["start", "--minutes", "241"], ["cancel", "--reason", "bored"]])
    func outOfRangeValuesAreRefusedBeforeAnyRequest(_ arguments: [String]) {
        #expect(throws: (any Error).self) { try PomoCommand.parseAsRoot(arguments) }
    }

    @Test func reportFormatsAndGroupingsParse() throws {
        let report = try #require(
            try PomoCommand.parseAsRoot(["report", "--by", "project", "--format", "csv", "--from", "2025-10-01"])
                as? Report)
        #expect(report.by == .project)
        #expect(report.format == .csv)
        #expect(report.from == "2025-10-01" && report.to == nil)
        #expect(throws: (any Error).self) { try PomoCommand.parseAsRoot(["report", "--by", "week"]) }
        #expect(throws: (any Error).self) { try PomoCommand.parseAsRoot(["report", "--format", "xml"]) }
    }

    @Test func everyCommandHasHelpWithAnAbstract() {
        for command in PomoCommand.configuration.subcommands {
            #expect(!command.configuration.abstract.isEmpty, "\(command)")
            #expect(!command.helpMessage().isEmpty)
        }
        #expect(Start.helpMessage().contains("pomo start --detach"))
    }

    @Test func breaksAndLogsParse() throws {
        let pause = try #require(try PomoCommand.parseAsRoot(["break", "--long"]) as? Break)
        #expect(pause.long && pause.minutes == nil)
        let log = try #require(
            try PomoCommand.parseAsRoot([
                "log", "--start", "2025-10-01T09:00:00Z", "--end", "2025-10-01T09:25:00Z", "--category", "Work",
            ]) as? Log)
        #expect(log.project == "General")
    }
}

/// What `pomo complete` sends: the planned end at the latest, or, with --kept-going, every minute.
@Suite struct KeptGoingTests {
    @Test func aLateCompleteSendsThePlanUnlessTheUserKeptGoing() throws {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let focus = RunningFocus(
            sessionId: "s", category: "Work", project: "General", start: start,
            scheduledEnd: start.addingTimeInterval(25 * 60))
        let late = start.addingTimeInterval(40 * 60)
        let capped = focus.submission(note: "", now: late, source: "pomo_cli")
        #expect(capped.duration == 25 && capped.keptGoing == nil)
        let kept = focus.submission(note: "", now: late, source: "pomo_cli", keptGoing: true)
        #expect(kept.duration == 40 && kept.keptGoing == true)
        // Kept going but finished before the plan's end: nothing past the plan to claim.
        let early = focus.submission(
            note: "", now: start.addingTimeInterval(20 * 60), source: "pomo_cli", keptGoing: true)
        #expect(early.duration == 20 && early.keptGoing == nil)
        let complete = try #require(try PomoCommand.parseAsRoot(["complete", "--kept-going"]) as? Complete)
        #expect(complete.keptGoing)
    }
}

/// Help is wrapped by the terminal's width, not by hand: a paragraph is one line on a wide
/// terminal, and no line outgrows a narrow one.
@Suite struct HelpTextTests {
    @Test func paragraphsFollowTheTerminalsWidth() {
        let wide = PomoCommand.helpMessage(for: Start.self, columns: 200)
        #expect(
            wide.split(separator: "\n").contains { line in
                line.contains("a note prompt, and the session is submitted for its Proof-of-Focus score (Ctrl-C")
            }, "\(wide)")
        // (The usage line and the example commands are ArgumentParser's and ours to keep whole.)
        let narrow = PomoCommand.helpMessage(for: Import.self, columns: 60).split(separator: "\n")
            .filter { !$0.contains("USAGE:") && !$0.trimmingCharacters(in: .whitespaces).hasPrefix("pomo ") }
        #expect(narrow.allSatisfy { $0.count <= 60 }, "\(narrow)")
    }
}
