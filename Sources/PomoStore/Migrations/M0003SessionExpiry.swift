import SQLKit

/// When an open Game session lapses (planned duration + 30 minutes); null for server-timed
/// TaskWorks sessions, which stay active until completed.
struct M0003SessionExpiry: Migration {
    let version = 3
    let name = "focus session expiry"

    func apply(on db: any SQLDatabase, _ sql: SQLFlavor) async throws {
        try await db.raw("ALTER TABLE focus_sessions ADD COLUMN expires_at BIGINT").run()
        try await db.raw(
            "CREATE INDEX focus_sessions_expiring ON focus_sessions (expires_at) WHERE status IN ('planned', 'active')"
        ).run()
    }
}
