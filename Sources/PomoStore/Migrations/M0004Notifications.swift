import SQLKit

/// Team notifications: stored after the session commit, delivered to the project's
/// Slack-compatible webhook in the background, retried with back-off.
struct M0004Notifications: Migration {
    let version = 4
    let name = "team notifications"

    func apply(on db: any SQLDatabase, _ sql: SQLFlavor) async throws {
        try await db.raw(
            """
            CREATE TABLE notifications (
                \(unsafeRaw: sql.idColumn),
                team_id BIGINT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
                project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                event TEXT NOT NULL,
                text TEXT NOT NULL,
                url TEXT,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                last_error TEXT,
                next_attempt_at BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL)
            """
        ).run()
        try await db.raw(
            "CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status = 'pending'"
        ).run()
    }
}
