import Foundation
import Logging
import SQLKit
import SQLiteNIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `pomod backup` and `pomod restore` for the embedded database.
public enum SQLiteBackup {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) { self.description = description }
    }

    /// Writes a consistent copy of the database at `path` to `file` while servers keep writing:
    /// `VACUUM INTO` reads one snapshot (WAL lets it run beside the writer) and writes a compact,
    /// self-contained file. Refuses an existing file.
    public static func backup(database path: String, to file: String, logger: Logger) async throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw Failure(description: "no database at \(path)")
        }
        guard !FileManager.default.fileExists(atPath: file) else {
            throw Failure(description: "\(file) exists: a backup does not overwrite a file")
        }
        // A connection of its own: VACUUM runs outside any transaction, and the server's readers
        // are read-only.
        let link = try await SQLiteLink.open(path: path, label: "backup")
        do {
            try await link.run("VACUUM INTO ?", [.text(file)]) { _ in }
        } catch {
            await link.close()
            throw error
        }
        await link.close()
        _ = try await check(file, logger: logger)
    }

    /// Whether `file` is a sound Pomo database: SQLite's integrity check passes and its schema has
    /// migrations recorded. Returns the latest migration applied.
    public static func check(_ file: String, logger: Logger) async throws -> Int {
        guard FileManager.default.fileExists(atPath: file) else { throw Failure(description: "no file at \(file)") }
        let database: PomoDatabase
        do {
            database = try await PomoDatabase.openSQLite(path: file, logger: logger)
        } catch {
            throw Failure(description: "\(file) is not an SQLite database")
        }
        do {
            let version: Int = try await database.read { db in
                let rows = try await db.raw("PRAGMA integrity_check").all()
                let verdict = try rows.map { try $0.decode(column: "integrity_check", as: String.self) }
                guard verdict == ["ok"] else {
                    throw Failure(
                        description: "\(file) fails its integrity check: \(verdict.prefix(3).joined(separator: "; "))")
                }
                guard
                    let row = try? await db.raw("SELECT MAX(version) AS version FROM schema_migrations").first(),
                    let version = try row.decode(column: "version", as: Int?.self)
                else { throw Failure(description: "\(file) is not a Pomo database") }
                return version
            }
            await database.close()
            return version
        } catch let failure as Failure {
            await database.close()
            throw failure
        } catch {
            await database.close()
            throw Failure(description: "\(file) is not a Pomo database (\(error))")
        }
    }

    /// Replaces the database at `path` with `file` (checked first). The database it replaces is
    /// kept beside it as `<name>.replaced-<unix time>`. The caller holds the data directory's lock.
    public static func restore(_ file: String, into path: String, logger: Logger) async throws -> Int {
        let version = try await check(file, logger: logger)
        let manager = FileManager.default
        let incoming = path + ".restoring"
        try? manager.removeItem(atPath: incoming)
        try manager.copyItem(atPath: file, toPath: incoming)
        if manager.fileExists(atPath: path) {
            try manager.moveItem(atPath: path, toPath: path + ".replaced-\(Int(Date().timeIntervalSince1970))")
        }
        for suffix in ["-wal", "-shm"] { try? manager.removeItem(atPath: path + suffix) }
        try manager.moveItem(atPath: incoming, toPath: path)
        return version
    }
}

/// The data directory's lock file: every process that opens the database holds it shared, and
/// `pomod restore` takes it alone, so it never replaces a database a server has open.
public final class DataDirectoryLock: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    public static func path(in directory: String) -> String {
        (directory as NSString).appendingPathComponent("pomod.lock")
    }

    /// Shared: several servers and commands may hold it at once; nil while a restore holds it.
    public static func shared(in directory: String) throws -> DataDirectoryLock? {
        try take(in: directory, operation: LOCK_SH)
    }

    /// Alone, or nil while anyone else holds it.
    public static func exclusive(in directory: String) throws -> DataDirectoryLock? {
        try take(in: directory, operation: LOCK_EX)
    }

    private static func take(in directory: String, operation: Int32) throws -> DataDirectoryLock? {
        let descriptor = open(path(in: directory), O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw SQLiteBackup.Failure(description: "cannot open \(path(in: directory)): errno \(errno)")
        }
        guard flock(descriptor, operation | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        return DataDirectoryLock(descriptor: descriptor)
    }

    deinit { close(descriptor) }
}
