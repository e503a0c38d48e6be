import SQLKit

/// Time Magic's estimations and reports, and the project setting a roadmap needs.
struct M0012ProjectPlans: Migration {
    let version = 12
    let name = "estimations and reports"

    func apply(on db: any SQLDatabase, _ sql: SQLFlavor) async throws {
        for statement in [
            "ALTER TABLE projects ADD COLUMN working_hours_per_day DOUBLE PRECISION",
            // Task lists are JSON arrays of uuids: read and written whole with their row, never
            // searched, and a task deleted later simply matches nothing.
            """
            CREATE TABLE estimations (
                \(sql.idColumn),
                uuid TEXT NOT NULL UNIQUE,
                user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                title TEXT NOT NULL,
                description TEXT,
                starts_at TEXT,
                ends_at TEXT,
                roadmap_state TEXT NOT NULL,
                data TEXT,
                task_uuids TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX estimations_project ON estimations (project_id, id)",
            "CREATE INDEX estimations_user ON estimations (user_id)",
            """
            CREATE TABLE project_reports (
                \(sql.idColumn),
                uuid TEXT NOT NULL UNIQUE,
                user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                title TEXT,
                description TEXT,
                begin_date TEXT NOT NULL,
                end_date TEXT NOT NULL,
                data TEXT,
                selected_task_uuids TEXT NOT NULL,
                excluded_task_uuids TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX project_reports_project ON project_reports (project_id, id)",
            "CREATE INDEX project_reports_user ON project_reports (user_id)",
            // A report sums a project's tasks' entries: by task, then time.
            "CREATE INDEX time_entries_task_begin ON time_entries (task_id, begin_time) WHERE task_id IS NOT NULL",
        ] {
            try await db.raw(SQLQueryString(statement)).run()
        }
    }
}
