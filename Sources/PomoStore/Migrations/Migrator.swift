import Foundation
import PomoCore
import SQLKit

/// Applies the migrations a database has not seen yet, each in its own transaction, and records
/// them in `schema_migrations`. Safe to run from several instances at once on PostgreSQL.
public struct Migrator: Sendable {
    public let migrations: [any Migration]
    public let clock: any PomoClock

    public init(migrations: [any Migration] = Migrations.all, clock: any PomoClock = SystemClock()) {
        self.migrations = migrations
        self.clock = clock
    }

    /// Returns the versions applied by this call (empty when the schema was already current).
    @discardableResult
    public func migrate(_ database: PomoDatabase) async throws -> [Int] {
        try await database.write { db in
            // PostgreSQL's CREATE TABLE IF NOT EXISTS is not safe against a concurrent twin.
            try await db.serializeWrites(key: Self.lockKey)
            try await db.raw(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)
                """
            ).run()
        }
        // A database a newer pomod has migrated holds tables and rules this one does not know:
        // writing to it could break what the newer one keeps. Refuse before touching anything.
        let known = migrations.map(\.version).max() ?? 0
        if let newest = try await appliedVersions(database).max(), newest > known {
            throw SchemaTooNew(found: newest, known: known)
        }
        var applied: [Int] = []
        for migration in migrations.sorted(by: { $0.version < $1.version }) {
            let didApply = try await database.write { db in
                try await db.serializeWrites(key: Self.lockKey)
                let done = try await db.raw(
                    "SELECT version FROM schema_migrations WHERE version = \(bind: migration.version)"
                ).first()
                guard done == nil else { return false }
                try await migration.apply(on: db, SQLFlavor(db))
                try await db.raw(
                    """
                    INSERT INTO schema_migrations (version, name, applied_at)
                    VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: Timestamp.milliseconds(clock.now())))
                    """
                ).run()
                return true
            }
            if didApply { applied.append(migration.version) }
        }
        return applied
    }

    /// The versions recorded as applied.
    public func appliedVersions(_ database: PomoDatabase) async throws -> [Int] {
        try await database.read { db in
            try await db.raw("SELECT version FROM schema_migrations ORDER BY version").all()
                .map { try $0.decode(column: "version", as: Int.self) }
        }
    }

    static let lockKey: Int64 = 0x706F_6D6F_6D69_6772  // "pomomigr"
}

/// The database's schema is newer than this pomod's: it was upgraded by a later version.
public struct SchemaTooNew: Error, CustomStringConvertible {
    public let found: Int
    public let known: Int

    public var description: String {
        "the database's schema is version \(found), newer than this pomod knows (up to \(known)):"
            + " it was migrated by a later pomod. Refusing to start rather than write to it;"
            + " run that later pomod (or newer), or restore a backup taken before the upgrade."
    }
}
