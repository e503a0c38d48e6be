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

    static func withDatabase(_ options: ServerOptions, _ body: (PomoDatabase) async throws -> Void) async throws {
        let config = try options.config()
        let runtime = try await PomoRuntime.open(config: config, logger: options.logger(config))
        do {
            try await body(runtime.database)
        } catch {
            await runtime.close()
            throw error
        }
        await runtime.close()
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare the stored totals with a recount of every user's sessions; exit 1 on a difference.")
        @OptionGroup var options: ServerOptions

        func run() async throws {
            var differences: [String] = []
            try await TotalsCommand.withDatabase(options) { differences = try await FocusTotalsMaintenance.check($0) }
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
            try await TotalsCommand.withDatabase(options) { try await FocusTotalsMaintenance.rebuild($0) }
            print("totals rebuilt from the sessions")
        }
    }
}
