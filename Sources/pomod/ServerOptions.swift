import ArgumentParser
import Foundation
import Logging
import PomoServer

/// Flags named like the `POMO_*` variables; a flag wins over the variable.
struct ServerOptions: ParsableArguments {
    @Option(help: "Address to listen on (POMO_HOST).") var host: String?
    @Option(help: "Port to listen on (POMO_PORT).") var port: String?
    @Option(help: "Data directory (POMO_DATA_DIR).") var dataDir: String?
    @Option(help: "postgres:// URL; unset = SQLite in the data directory (POMO_DATABASE_URL).") var databaseUrl: String?
    @Option(help: "open or closed (POMO_REGISTRATION).") var registration: String?
    @Option(help: "trace, debug, info, notice, warning, error or critical (POMO_LOG_LEVEL).") var logLevel: String?

    func config() throws -> PomoConfig {
        var env = ProcessInfo.processInfo.environment
        let flags = [
            "POMO_HOST": host, "POMO_PORT": port, "POMO_DATA_DIR": dataDir, "POMO_DATABASE_URL": databaseUrl,
            "POMO_REGISTRATION": registration, "POMO_LOG_LEVEL": logLevel,
        ]
        for case let (name, value?) in flags { env[name] = value }
        do {
            return try PomoConfig(environment: env)
        } catch let error as ConfigError {
            throw ValidationError(error.description)
        }
    }

    /// Opens the configured database (migrating it), runs `body`, and closes it again, also when
    /// `body` throws: the one-shot commands (`user`, `totals`).
    func withRuntime<T>(_ body: (PomoRuntime) async throws -> T) async throws -> T {
        let config = try config()
        let runtime = try await PomoRuntime.open(config: config, logger: logger(config))
        do {
            let result = try await body(runtime)
            await runtime.close()
            return result
        } catch {
            await runtime.close()
            throw error
        }
    }

    func logger(_ config: PomoConfig) -> Logger {
        var logger = Logger(label: "pomod", factory: LogLineHandler.standardOutput)
        logger.logLevel = config.logLevel
        return logger
    }
}
