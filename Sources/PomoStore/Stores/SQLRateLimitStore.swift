import PomoCore
import SQLKit

/// The rate limit counters, one row per key: a single upsert counts a hit, so concurrent requests
/// (on one instance or several sharing PostgreSQL) each see their own count.
public struct SQLRateLimitStore: RateLimitStore {
    let database: PomoDatabase

    public init(database: PomoDatabase) { self.database = database }

    public func hit(key: String, windowStart: Int64) async throws -> Int {
        // One statement: on PostgreSQL it commits alone, without BEGIN and COMMIT around it.
        try await database.commitAlone { db in
            try await db.kept(
                """
                INSERT INTO rate_limits (key, window_start, hits) VALUES (\(bind: key), \(bind: windowStart), 1)
                ON CONFLICT (key) DO UPDATE SET
                    hits = CASE WHEN rate_limits.window_start >= excluded.window_start
                        THEN rate_limits.hits + 1 ELSE 1 END,
                    window_start = CASE WHEN rate_limits.window_start >= excluded.window_start
                        THEN rate_limits.window_start ELSE excluded.window_start END
                RETURNING hits
                """
            ).first()!.decode(column: "hits", as: Int.self)
        }
    }

    public func refund(key: String, windowStart: Int64) async throws {
        try await database.write { db in
            try await db.raw(
                """
                UPDATE rate_limits SET hits = hits - 1
                WHERE key = \(bind: key) AND window_start >= \(bind: windowStart) AND hits > 0
                """
            ).run()
        }
    }

    public func count(key: String, windowStart: Int64) async throws -> Int {
        try await database.read { db in
            try await db.raw(
                "SELECT hits FROM rate_limits WHERE key = \(bind: key) AND window_start >= \(bind: windowStart)"
            ).first()?.decode(column: "hits", as: Int.self) ?? 0
        }
    }
}
