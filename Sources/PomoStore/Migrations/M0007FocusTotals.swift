import Foundation
import PomoCore
import SQLKit

/// Totals of finished work sessions kept beside them, written in the same transaction as each
/// session (`SQLFocusTotals`): per user and local date (by project and category), per user and
/// dimension (all time, hour, category, project, device, source), and the runs of consecutive
/// active days. Stats, reports and the leaderboard read these instead of a user's history.
/// Existing sessions are added up here, through the same code that maintains the totals.
struct M0007FocusTotals: Migration {
    let version = 7
    let name = "focus totals"

    func apply(on db: any SQLDatabase, _ sql: SQLFlavor) async throws {
        // PostgreSQL orders text by the database's locale; "C" orders it as SQLite and Swift do.
        let text = sql.isPostgres ? "TEXT COLLATE \"C\"" : "TEXT"
        for statement in [
            """
            CREATE TABLE focus_day_totals (
                user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                local_date TEXT NOT NULL,
                project_id BIGINT NOT NULL,
                category \(text) NOT NULL,
                completed BIGINT NOT NULL,
                cancelled BIGINT NOT NULL,
                minutes DOUBLE PRECISION NOT NULL,
                completed_points DOUBLE PRECISION NOT NULL,
                cancelled_points DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (user_id, local_date, project_id, category))
            """,
            "CREATE INDEX focus_day_totals_date ON focus_day_totals (local_date)",
            """
            CREATE TABLE focus_user_totals (
                user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                dimension TEXT NOT NULL,
                key \(text) NOT NULL,
                completed BIGINT NOT NULL,
                cancelled BIGINT NOT NULL,
                minutes DOUBLE PRECISION NOT NULL,
                completed_points DOUBLE PRECISION NOT NULL,
                cancelled_points DOUBLE PRECISION NOT NULL,
                max_minutes DOUBLE PRECISION NOT NULL,
                weekend_completed BIGINT NOT NULL,
                last_ended_at BIGINT NOT NULL,
                last_updated_at BIGINT NOT NULL,
                last_started_at BIGINT NOT NULL,
                last_source TEXT,
                PRIMARY KEY (user_id, dimension, key))
            """,
            // The all-time leaderboard reads one row per user; the favourite category is the top of a ranking.
            "CREATE INDEX focus_user_totals_all ON focus_user_totals (user_id) WHERE dimension = 'all'",
            """
            CREATE INDEX focus_user_totals_category ON focus_user_totals (user_id, completed DESC, key)
            WHERE dimension = 'category'
            """,
            """
            CREATE TABLE focus_streaks (
                user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                first_day TEXT NOT NULL,
                last_day TEXT NOT NULL,
                days INTEGER NOT NULL,
                PRIMARY KEY (user_id, first_day))
            """,
            "CREATE INDEX focus_streaks_last ON focus_streaks (user_id, last_day)",
            "CREATE INDEX focus_streaks_days ON focus_streaks (user_id, days)",
        ] {
            try await db.raw(SQLQueryString(statement)).run()
        }
        try await SQLFocusTotals.backfill(on: db)
    }
}
