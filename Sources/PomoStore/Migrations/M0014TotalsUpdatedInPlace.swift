import SQLKit

/// The maintained totals are rewritten on every session: a user's `all`, hour, category, project
/// and task rows, and the day's rows. On PostgreSQL an update that changes no indexed column and
/// finds room on its page is a heap-only tuple (HOT): no new index entries, and the page reclaims
/// the old version itself. The favourite category's index held `completed`, so every update of
/// every totals row was a full one (an entry in each of the table's three indexes, and dead rows
/// faster than autovacuum reclaimed them: 11 rows in 2.5 MB in `docs/SCALING.md`'s run). A
/// user's categories are a handful of rows under the primary key's `(user_id, dimension)`
/// prefix, so the top one needs no index of its own; their pages keep room for the new versions.
struct M0014TotalsUpdatedInPlace: Migration {
    let version = 14
    let name = "totals updated in place"

    func apply(on db: any SQLDatabase, _ sql: SQLFlavor) async throws {
        try await db.raw("DROP INDEX focus_user_totals_category").run()
        guard sql.isPostgres else { return }
        // New pages only; the existing ones fill as they did until they are rewritten. The day
        // totals stay full: a day's rows are updated only while it is recent, and updated in
        // place already (no indexed column changes); room on their pages only took space.
        try await db.raw("ALTER TABLE focus_user_totals SET (fillfactor = 70)").run()
    }
}
