import ArgumentParser
import PomoCore
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
        #expect(detached.minutes == 25 && detached.detach)
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
