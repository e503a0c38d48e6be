import SQLKit

/// How far the change log was pruned (`POMO_CHANGE_RETENTION_DAYS`): one row, the cursor of the
/// last change removed, so a feed or stream resumed from before it is refused (410) instead of
/// silently skipping what was removed.
struct M0015ChangeLogPruned: Migration {
    let version = 15
    let name = "change log pruned"

    func apply(on db: any SQLDatabase, _ sql: SQLFlavor) async throws {
        try await db.raw(
            "CREATE TABLE change_log_pruned (id INTEGER PRIMARY KEY, tx BIGINT NOT NULL, change_id BIGINT NOT NULL)"
        ).run()
    }
}
