import Foundation
import Logging
import PomoCore
import PomoStore

/// The data side of a server: the data directory, the open and migrated database, and the
/// account rules over it. `pomod serve` builds the app on it; `pomod user ...` uses it directly.
public struct PomoRuntime: Sendable {
    public let config: PomoConfig
    public let database: PomoDatabase
    /// Held (shared) while the embedded database is open: `pomod restore` waits for none.
    let lock: DataDirectoryLock?

    /// Creates the data directory (0700) if needed, opens SQLite or PostgreSQL, and migrates.
    /// Files the process creates from here on are its owner's alone (umask 077: the database, its
    /// WAL and shared-memory files, the JWT secret), and an existing database is made so too.
    public static func open(config: PomoConfig, logger: Logger) async throws -> PomoRuntime {
        umask(0o077)
        try FileManager.default.createDirectory(
            atPath: config.dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        if let mode = (try? FileManager.default.attributesOfItem(atPath: config.dataDirectory))?[.posixPermissions]
            as? Int, mode & 0o077 != 0
        {
            let octal = String(mode, radix: 8)
            logger.warning(
                "the data directory \(config.dataDirectory) is open to other users (mode \(octal)): chmod 700 it")
        }
        if config.databaseURL == nil {
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: config.sqlitePath + suffix)
            {
                try? FileManager.default.setAttributes(
                    [.posixPermissions: 0o600], ofItemAtPath: config.sqlitePath + suffix)
            }
        }
        let database: PomoDatabase
        var lock: DataDirectoryLock?
        if config.databaseURL == nil {
            lock = try DataDirectoryLock.shared(in: config.dataDirectory)
            guard lock != nil else {
                throw SQLiteBackup.Failure(
                    description: "\(config.dataDirectory) is being restored; try again when it is done")
            }
        }
        if let url = config.databaseURL {
            database = try await PomoDatabase.openPostgres(
                url: url, poolSize: config.databasePoolSize, statementTimeout: config.databaseStatementTimeout,
                logger: logger)
        } else {
            database = try await PomoDatabase.openSQLite(path: config.sqlitePath, logger: logger)
        }
        do {
            let applied = try await Migrator().migrate(database)
            if !applied.isEmpty { logger.info("applied migrations \(applied)") }
        } catch {
            await database.close()
            throw error
        }
        return PomoRuntime(config: config, database: database, lock: lock)
    }

    public func accounts(clock: any PomoClock = SystemClock()) -> AccountService {
        Self.accounts(config: config, stores: .sql(database), clock: clock)
    }

    public func close() async { await database.close() }

    static func accounts(config: PomoConfig, stores: Stores, clock: any PomoClock) -> AccountService {
        AccountService(
            stores: stores, hasher: BcryptPasswordHasher(cost: config.bcryptCost), digester: SHA256Digester(),
            clock: clock,
            policy: AccountPolicy(
                registrationOpen: config.registrationOpen,
                defaultSubscription: config.defaultSubscriptionActive ? Subscription.openEnded : nil))
    }
}
