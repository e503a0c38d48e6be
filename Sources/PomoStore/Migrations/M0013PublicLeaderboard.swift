import SQLKit

/// Whether a user is on the leaderboard, kept as a column beside the preferences it comes from,
/// so the leaderboard ranks in SQL without parsing every user's preferences on every read.
struct M0013PublicLeaderboard: Migration {
    let version = 13
    let name = "public leaderboard column"

    func apply(on db: any SQLDatabase, _ sql: SQLFlavor) async throws {
        let opted: SQLQueryString =
            sql.isPostgres
            ? "COALESCE((preferences::jsonb -> 'public_leaderboard') = 'true'::jsonb, false)"
            : "COALESCE(json_type(preferences, '$.public_leaderboard') = 'true', 0)"
        try await db.raw("ALTER TABLE users ADD COLUMN public_leaderboard BOOLEAN NOT NULL DEFAULT FALSE").run()
        try await db.raw("UPDATE users SET public_leaderboard = \(opted)").run()
    }
}
