import Foundation
import SQLKit

/// Time Magic needs a uuid for every user (a user goal's `goalable_uuid`) and a rate limit
/// counter that every instance on one database shares.
struct M0005Workspace: Migration {
    let version = 5
    let name = "user uuids and rate limits"

    func apply(on db: any SQLDatabase, _ sql: SQLFlavor) async throws {
        try await db.raw("ALTER TABLE users ADD COLUMN uuid TEXT").run()
        for row in try await db.raw("SELECT id FROM users").all() {
            let id = try row.decode(column: "id", as: Int64.self)
            try await db.raw("UPDATE users SET uuid = \(bind: UUID().uuidString.lowercased()) WHERE id = \(bind: id)")
                .run()
        }
        try await db.raw("CREATE UNIQUE INDEX users_uuid ON users (uuid)").run()
        try await db.raw(
            """
            CREATE TABLE rate_limits (
                key TEXT PRIMARY KEY,
                window_start BIGINT NOT NULL,
                hits INTEGER NOT NULL)
            """
        ).run()
    }
}
