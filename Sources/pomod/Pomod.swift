import ArgumentParser

@main
struct Pomod: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pomod",
        abstract: "The Pomo server: focus sessions and time tracking in three API dialects.",
        version: "0.1.0",
        subcommands: [Serve.self, Migrate.self, UserCommand.self, TotalsCommand.self, Backup.self, Restore.self],
        defaultSubcommand: Serve.self)
}
