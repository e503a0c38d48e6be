import ArgumentParser
import Hummingbird
import Logging
import PomoServer
import PomoStore

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the server (the default). Migrates the database first.")

    @OptionGroup var options: ServerOptions

    func run() async throws {
        let config = try options.config()
        let logger = options.logger(config)
        let runtime = try await PomoRuntime.open(config: config, logger: logger)
        logger.info(
            "pomod \(Pomod.configuration.version) on http://\(config.host):\(config.port) (\(runtime.database.kind.rawValue))"
        )
        do {
            // runService handles SIGTERM and SIGINT: in-flight requests finish, then it returns.
            try await buildApplication(config: config, database: runtime.database, logger: logger).runService()
        } catch {
            await runtime.close()
            throw error
        }
        await runtime.close()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations and exit.")

    @OptionGroup var options: ServerOptions

    func run() async throws {
        let config = try options.config()
        let runtime = try await PomoRuntime.open(config: config, logger: options.logger(config))
        print("database schema is current (\(runtime.database.kind.rawValue))")
        await runtime.close()
    }
}
