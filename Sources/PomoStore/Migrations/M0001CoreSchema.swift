import SQLKit

/// The core entities of DESIGN.md. Instants are BIGINT milliseconds since 1970 (UTC); local
/// dates are TEXT `YYYY-MM-DD`; JSON documents are TEXT. Case-insensitive uniqueness uses
/// `*_key` columns filled by the stores, so both databases fold case the same way.
struct M0001CoreSchema: Migration {
    let version = 1
    let name = "core schema"

    func apply(on db: any SQLDatabase, _ sql: SQLFlavor) async throws {
        for statement in statements(sql) {
            try await db.raw(SQLQueryString(statement)).run()
        }
    }

    private func statements(_ sql: SQLFlavor) -> [String] {
        [
            """
            CREATE TABLE users (
                \(sql.idColumn),
                username TEXT NOT NULL,
                username_key TEXT NOT NULL UNIQUE,
                email TEXT NOT NULL,
                email_key TEXT NOT NULL UNIQUE,
                password_hash TEXT NOT NULL,
                role TEXT NOT NULL,
                timezone TEXT NOT NULL,
                is_active BOOLEAN NOT NULL,
                subscription_active_until BIGINT,
                preferences TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE teams (
                \(sql.idColumn),
                slug TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                description TEXT,
                requires_approval BOOLEAN NOT NULL,
                is_active BOOLEAN NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE team_members (
                \(sql.idColumn),
                team_id BIGINT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
                user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                role TEXT NOT NULL,
                status TEXT NOT NULL,
                joined_at BIGINT NOT NULL,
                UNIQUE (team_id, user_id))
            """,
            "CREATE INDEX team_members_user ON team_members (user_id)",
            """
            CREATE TABLE projects (
                \(sql.idColumn),
                uuid TEXT NOT NULL UNIQUE,
                user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                team_id BIGINT REFERENCES teams(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                description TEXT,
                project_type TEXT NOT NULL,
                rate_cents BIGINT,
                rate_currency TEXT,
                color TEXT,
                slack_channel TEXT,
                allow_parallel_tasks BOOLEAN NOT NULL,
                is_active BOOLEAN NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX projects_user ON projects (user_id)",
            "CREATE INDEX projects_team ON projects (team_id)",
            """
            CREATE TABLE tasks (
                \(sql.idColumn),
                uuid TEXT NOT NULL UNIQUE,
                user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                description TEXT,
                status TEXT NOT NULL,
                task_type TEXT NOT NULL,
                data TEXT,
                time_label TEXT,
                daily_target INTEGER NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX tasks_project ON tasks (project_id)",
            "CREATE INDEX tasks_user ON tasks (user_id)",
            """
            CREATE TABLE activities (
                \(sql.idColumn),
                uuid TEXT NOT NULL UNIQUE,
                user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                activity_type TEXT NOT NULL,
                state TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX activities_user ON activities (user_id)",
            """
            CREATE TABLE goals (
                \(sql.idColumn),
                uuid TEXT NOT NULL UNIQUE,
                user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                project_id BIGINT REFERENCES projects(id) ON DELETE CASCADE,
                owner_key TEXT NOT NULL,
                text TEXT NOT NULL,
                period TEXT NOT NULL,
                begin_date TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                UNIQUE (owner_key, period, begin_date))
            """,
            "CREATE INDEX goals_user ON goals (user_id)",
            """
            CREATE TABLE focus_sessions (
                \(sql.idColumn),
                uuid TEXT NOT NULL UNIQUE,
                user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                task_id BIGINT REFERENCES tasks(id) ON DELETE SET NULL,
                project_id BIGINT REFERENCES projects(id) ON DELETE SET NULL,
                kind TEXT NOT NULL,
                status TEXT NOT NULL,
                category TEXT,
                planned_minutes DOUBLE PRECISION,
                duration_minutes DOUBLE PRECISION,
                planning_notes TEXT,
                goals TEXT,
                energy_level INTEGER,
                note TEXT,
                source TEXT,
                app_version TEXT,
                timezone TEXT NOT NULL,
                local_date TEXT NOT NULL,
                planned_at BIGINT,
                started_at BIGINT,
                scheduled_end_at BIGINT,
                ended_at BIGINT,
                elapsed_minutes DOUBLE PRECISION,
                cancel_reason TEXT,
                cancel_note TEXT,
                pof_score INTEGER,
                pof_factors TEXT,
                points DOUBLE PRECISION,
                trustworthiness TEXT,
                submit_digest TEXT,
                notification_sent BOOLEAN NOT NULL,
                evaluation_rating INTEGER,
                evaluation_note TEXT,
                evaluation_submitted BOOLEAN NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX focus_sessions_user_start ON focus_sessions (user_id, started_at, id)",
            "CREATE INDEX focus_sessions_user_date ON focus_sessions (user_id, local_date)",
            // One active session per user, enforced by the database itself.
            "CREATE UNIQUE INDEX focus_sessions_one_active ON focus_sessions (user_id) WHERE status = 'active'",
            "CREATE INDEX focus_sessions_open ON focus_sessions (status) WHERE status IN ('planned', 'active')",
            """
            CREATE TABLE time_entries (
                \(sql.idColumn),
                uuid TEXT NOT NULL UNIQUE,
                user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                task_id BIGINT REFERENCES tasks(id) ON DELETE CASCADE,
                activity_id BIGINT REFERENCES activities(id) ON DELETE CASCADE,
                focus_session_id BIGINT REFERENCES focus_sessions(id) ON DELETE SET NULL,
                begin_time BIGINT NOT NULL,
                end_time BIGINT,
                duration_seconds BIGINT,
                comment TEXT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX time_entries_user_begin ON time_entries (user_id, begin_time, id)",
            "CREATE INDEX time_entries_running ON time_entries (user_id) WHERE end_time IS NULL",
            "CREATE UNIQUE INDEX time_entries_task_running ON time_entries (task_id) WHERE end_time IS NULL",
            "CREATE UNIQUE INDEX time_entries_activity_running ON time_entries (activity_id) WHERE end_time IS NULL",
            """
            CREATE TABLE api_keys (
                \(sql.idColumn),
                user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                prefix TEXT NOT NULL,
                digest TEXT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL,
                revoked_at BIGINT)
            """,
            "CREATE INDEX api_keys_user ON api_keys (user_id)",
            """
            CREATE TABLE refresh_tokens (
                jti TEXT PRIMARY KEY,
                user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                issued_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                revoked_at BIGINT)
            """,
            "CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id)",
            "CREATE TABLE revoked_tokens (jti TEXT PRIMARY KEY, expires_at BIGINT NOT NULL)",
            """
            CREATE TABLE web_sessions (
                digest TEXT PRIMARY KEY,
                user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE webhooks (
                \(sql.idColumn),
                uuid TEXT NOT NULL UNIQUE,
                user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                team_id BIGINT REFERENCES teams(id) ON DELETE CASCADE,
                project_id BIGINT REFERENCES projects(id) ON DELETE CASCADE,
                url TEXT NOT NULL,
                secret TEXT NOT NULL,
                events TEXT NOT NULL,
                is_active BOOLEAN NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE change_events (
                \(sql.idColumn),
                user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                entity TEXT NOT NULL,
                entity_id TEXT NOT NULL,
                action TEXT NOT NULL,
                payload TEXT,
                created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX change_events_user ON change_events (user_id, id)",
        ]
    }
}
