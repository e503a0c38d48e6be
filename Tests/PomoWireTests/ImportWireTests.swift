import Foundation
import PomoWire
import Testing

@Suite struct ImportWireTests {
    /// `pomo import` against a server from before estimations and reports were imported: its
    /// answer's counts lack them, and read as 0 instead of failing the command.
    @Test func countsWithoutPlansReadAsZeroPlans() throws {
        let older = Data(
            #"{"projects": 1, "tasks": 2, "activities": 0, "goals": 0, "time_entries": 3, "sessions": 4}"#.utf8)
        let counts = try JSONDecoder().decode(ImportResultDTO.Counts.self, from: older)
        #expect(counts.estimations == 0 && counts.reports == 0)
        #expect(counts.tasks == 2 && counts.timeEntries == 3 && counts.sessions == 4)
        let newer = Data(
            #"{"projects": 1, "tasks": 2, "activities": 0, "goals": 0, "estimations": 5, "reports": 6, "time_entries": 3, "sessions": 4}"#
                .utf8)
        let both = try JSONDecoder().decode(ImportResultDTO.Counts.self, from: newer)
        #expect(both.estimations == 5 && both.reports == 6)
    }
}
