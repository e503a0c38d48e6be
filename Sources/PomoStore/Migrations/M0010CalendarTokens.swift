import SQLKit

/// One calendar feed token per user, stored as its SHA-256 digest: the feed URL is shown once.
struct M0010CalendarTokens: Migration {
    let version = 10
    let name = "calendar tokens"

    func apply(on db: any SQLDatabase, _ sql: SQLFlavor) async throws {
        try await db.raw(
            """
            CREATE TABLE calendar_tokens (
                user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
                digest TEXT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL)
            """
        ).run()
    }
}
