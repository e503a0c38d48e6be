import Foundation
import SQLKit

/// A password change or a disabled account ends every session: users get a credential
/// generation that each token and web session carries; refresh tokens know their family (the
/// chain of rotations) and the access token issued beside them, so a logout or a reused refresh
/// token revokes the whole chain.
struct M0006CredentialGenerations: Migration {
    let version = 6
    let name = "credential generations and refresh families"

    func apply(on db: any SQLDatabase, _ sql: SQLFlavor) async throws {
        for statement in [
            "ALTER TABLE users ADD COLUMN credential_generation BIGINT NOT NULL DEFAULT 0",
            "ALTER TABLE web_sessions ADD COLUMN generation BIGINT NOT NULL DEFAULT 0",
            "ALTER TABLE refresh_tokens ADD COLUMN family TEXT",
            "ALTER TABLE refresh_tokens ADD COLUMN access_jti TEXT",
            "UPDATE refresh_tokens SET family = jti",
            "CREATE INDEX refresh_tokens_family ON refresh_tokens (family)",
            "CREATE INDEX refresh_tokens_access ON refresh_tokens (access_jti)",
            "CREATE INDEX web_sessions_user ON web_sessions (user_id)",
        ] {
            try await db.raw(SQLQueryString(statement)).run()
        }
    }
}
