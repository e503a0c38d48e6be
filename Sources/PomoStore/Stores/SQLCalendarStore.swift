import Foundation
import PomoCore
import SQLKit

public struct SQLCalendarStore: CalendarStore {
    let database: PomoDatabase

    public init(database: PomoDatabase) { self.database = database }

    public func setToken(userId: Int64, digest: String, at now: Date) async throws {
        try await database.write { db in
            try await db.raw("DELETE FROM calendar_tokens WHERE user_id = \(bind: userId)").run()
            try await db.raw(
                """
                INSERT INTO calendar_tokens (user_id, digest, created_at)
                VALUES (\(bind: userId), \(bind: digest), \(bind: ms(now)))
                """
            ).run()
        }
    }

    public func tokenCreated(userId: Int64) async throws -> Date? {
        try await database.read { db in
            try await db.raw("SELECT created_at FROM calendar_tokens WHERE user_id = \(bind: userId)").first()?
                .date("created_at")
        }
    }

    public func deleteToken(userId: Int64) async throws {
        try await database.write { db in
            try await db.raw("DELETE FROM calendar_tokens WHERE user_id = \(bind: userId)").run()
        }
    }

    public func user(digest: String) async throws -> Int64? {
        try await database.read { db in
            try await db.raw("SELECT user_id FROM calendar_tokens WHERE digest = \(bind: digest)").first()?
                .decode(column: "user_id", as: Int64.self)
        }
    }

    /// The count and the latest change of the sessions and entries in the window: a row added,
    /// changed (its `updated_at` moves) or removed (the count drops) changes it.
    public func fingerprint(userId: Int64, from: Date, to: Date) async throws -> String {
        try await database.read { db in
            let row = try await db.raw(
                """
                SELECT (SELECT COUNT(*) FROM focus_sessions WHERE user_id = \(bind: userId)
                        AND started_at >= \(bind: ms(from)) AND started_at < \(bind: ms(to))) AS sessions,
                    (SELECT MAX(updated_at) FROM focus_sessions WHERE user_id = \(bind: userId)
                        AND started_at >= \(bind: ms(from)) AND started_at < \(bind: ms(to))) AS sessions_changed,
                    (SELECT COUNT(*) FROM time_entries WHERE user_id = \(bind: userId)
                        AND begin_time >= \(bind: ms(from)) AND begin_time < \(bind: ms(to))) AS entries,
                    (SELECT MAX(updated_at) FROM time_entries WHERE user_id = \(bind: userId)
                        AND begin_time >= \(bind: ms(from)) AND begin_time < \(bind: ms(to))) AS entries_changed
                """
            ).first()
            let parts = try ["sessions", "sessions_changed", "entries", "entries_changed"].map {
                String(try row?.decode(column: $0, as: Int64?.self) ?? 0)
            }
            return parts.joined(separator: "-")
        }
    }
}
