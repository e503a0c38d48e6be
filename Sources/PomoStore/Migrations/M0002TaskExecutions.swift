import SQLKit

/// How many times a task was done on a local day (TaskWorks `tasks/today` and `execute`).
struct M0002TaskExecutions: Migration {
    let version = 2
    let name = "task executions per day"

    func apply(on db: any SQLDatabase, _ sql: SQLFlavor) async throws {
        try await db.raw(
            """
            CREATE TABLE task_executions (
                task_id BIGINT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
                user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                local_date TEXT NOT NULL,
                count INTEGER NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (task_id, local_date))
            """
        ).run()
        try await db.raw("CREATE INDEX task_executions_user_date ON task_executions (user_id, local_date)").run()
    }
}
