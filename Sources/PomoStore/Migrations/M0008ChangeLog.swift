import Foundation
import SQLKit

/// The change log (`SQLChangeLog`): every write a user can see appends its change here in its own
/// transaction. The table of M0001 of the same name was never written; it is replaced.
/// `tx` is the writing transaction's id on PostgreSQL (0 on SQLite): the feed reads in
/// (tx, id) order up to the oldest transaction still running, so that no change can commit
/// behind a reader's cursor.
struct M0008ChangeLog: Migration {
    let version = 8
    let name = "change log"

    func apply(on db: any SQLDatabase, _ sql: SQLFlavor) async throws {
        for statement in [
            "DROP TABLE change_events",
            """
            CREATE TABLE change_events (
                \(sql.idColumn),
                tx BIGINT NOT NULL,
                user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                entity_type TEXT NOT NULL,
                entity_id TEXT NOT NULL,
                data TEXT,
                at BIGINT NOT NULL)
            """,
            "CREATE INDEX change_events_feed ON change_events (user_id, tx, id)",
        ] {
            try await db.raw(SQLQueryString(statement)).run()
        }
        // The server's own reader follows everyone's changes in order; on SQLite that order is
        // the row id's (every tx is 0), which needs no index of its own.
        if sql.isPostgres { try await db.raw("CREATE INDEX change_events_order ON change_events (tx, id)").run() }
    }
}
