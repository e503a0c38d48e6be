import ArgumentParser
import Foundation
import PomoServer
import PomoStore

/// `pomod totals check|rebuild`: the totals that stats, reports and the leaderboard read are kept
/// beside the sessions; these check them against a recount, or count them again.
struct TotalsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "totals", abstract: "Check or rebuild the focus totals that stats and reports read.",
        subcommands: [Check.self, Rebuild.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare the stored totals with a recount of every user's sessions; exit 1 on a difference.")
        @OptionGroup var options: ServerOptions

        func run() async throws {
            let differences = try await options.withRuntime { try await FocusTotalsMaintenance.check($0.database) }
            for line in differences.prefix(50) { print(line) }
            guard differences.isEmpty else {
                print("\(differences.count) differences; `pomod totals rebuild` counts them again")
                throw ExitCode(1)
            }
            print("totals equal a recount of the sessions")
        }
    }

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Count the totals again from the sessions (after loading sessions into the database by hand).")
        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await options.withRuntime { try await FocusTotalsMaintenance.rebuild($0.database) }
            print("totals rebuilt from the sessions")
        }
    }
}
