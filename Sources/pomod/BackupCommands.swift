import ArgumentParser
import Foundation
import PomoServer
import PomoStore

/// `pomod backup FILE` and `pomod restore FILE`: the embedded SQLite database. (On PostgreSQL,
/// `pg_dump` and `pg_restore`: see the README.)
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a consistent copy of the SQLite database to FILE, also while the server runs.")

    @OptionGroup var options: ServerOptions
    @Argument(help: "Where to write the copy (it must not exist).") var file: String

    func run() async throws {
        let config = try options.config()
        guard config.databaseURL == nil else {
            throw ValidationError("the database is PostgreSQL: back it up with pg_dump (see the README)")
        }
        do {
            try await SQLiteBackup.backup(database: config.sqlitePath, to: file, logger: options.logger(config))
        } catch let failure as SQLiteBackup.Failure {
            throw ValidationError(failure.description)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        print("backed up \(config.sqlitePath) to \(file) (\(size) bytes); integrity check ok")
    }
}

struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replace the SQLite database with a backup, after checking it; refused while a server runs.")

    @OptionGroup var options: ServerOptions
    @Argument(help: "A file `pomod backup` wrote.") var file: String

    func run() async throws {
        let config = try options.config()
        guard config.databaseURL == nil else {
            throw ValidationError("the database is PostgreSQL: restore it with pg_restore (see the README)")
        }
        try FileManager.default.createDirectory(
            atPath: config.dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        guard let lock = try DataDirectoryLock.exclusive(in: config.dataDirectory) else {
            throw ValidationError(
                "a pomod is using \(config.dataDirectory): stop it (and every pomod command on it) first")
        }
        do {
            let version = try await SQLiteBackup.restore(file, into: config.sqlitePath, logger: options.logger(config))
            print("restored \(file) into \(config.sqlitePath) (schema version \(version)); the next start migrates it")
        } catch let failure as SQLiteBackup.Failure {
            throw ValidationError(failure.description)
        }
        withExtendedLifetime(lock) {}
    }
}
