import Foundation
import PomoCore
import SQLKit

public struct SQLTokenStore: TokenStore {
    let database: PomoDatabase
    let quotas: Quotas

    public init(database: PomoDatabase, quotas: Quotas = Quotas()) {
        self.database = database
        self.quotas = quotas
    }

    public func saveRefreshToken(_ record: RefreshTokenRecord) async throws {
        try await database.write { db in
            try await db.raw(
                """
                INSERT INTO refresh_tokens (jti, user_id, issued_at, expires_at, revoked_at, family, access_jti)
                VALUES (\(bind: record.jti), \(bind: record.userId), \(bind: ms(record.issuedAt)),
                    \(bind: ms(record.expiresAt)), \(bind: ms(record.revokedAt)), \(bind: record.family ?? record.jti),
                    \(bind: record.accessJti))
                """
            ).run()
        }
    }

    public func consumeRefreshToken(jti: String, at now: Date) async throws -> RefreshTokenRecord? {
        // One conditional UPDATE: of two concurrent refreshes with the same token, one matches.
        try await database.write { db in
            try await db.raw(
                """
                UPDATE refresh_tokens SET revoked_at = \(bind: ms(now))
                WHERE jti = \(bind: jti) AND revoked_at IS NULL AND expires_at > \(bind: ms(now))
                RETURNING jti, user_id, issued_at, expires_at, family, access_jti
                """
            ).first().map { row in
                RefreshTokenRecord(
                    jti: try row.decode(column: "jti", as: String.self),
                    userId: try row.decode(column: "user_id", as: Int64.self),
                    issuedAt: try row.date("issued_at"), expiresAt: try row.date("expires_at"),
                    family: try row.decode(column: "family", as: String?.self),
                    accessJti: try row.decode(column: "access_jti", as: String?.self))
            }
        }
    }

    public func revokeRefreshTokens(userId: Int64, at now: Date) async throws {
        try await database.write { db in
            try await db.raw(
                """
                UPDATE refresh_tokens SET revoked_at = \(bind: ms(now))
                WHERE user_id = \(bind: userId) AND revoked_at IS NULL
                """
            ).run()
        }
    }

    public func revokeRefreshFamily(of member: RefreshFamilyMember, at now: Date) async throws {
        try await database.write { db in
            let found: (any SQLRow)?
            switch member {
            case .refresh(let jti):
                found = try await db.raw("SELECT family FROM refresh_tokens WHERE jti = \(bind: jti)").first()
            case .access(let jti):
                found = try await db.raw("SELECT family FROM refresh_tokens WHERE access_jti = \(bind: jti)").first()
            }
            guard let family = try found?.decode(column: "family", as: String?.self) else { return }
            // The access tokens first: their ids are read off the family's rows.
            try await db.raw(
                """
                INSERT INTO revoked_tokens (jti, expires_at)
                SELECT access_jti, expires_at FROM refresh_tokens WHERE family = \(bind: family) AND access_jti IS NOT NULL
                ON CONFLICT (jti) DO NOTHING
                """
            ).run()
            try await db.raw(
                """
                UPDATE refresh_tokens SET revoked_at = \(bind: ms(now))
                WHERE family = \(bind: family) AND revoked_at IS NULL
                """
            ).run()
        }
    }

    public func revokeAccessToken(jti: String, expiresAt: Date) async throws {
        try await database.write { db in
            try await db.raw(
                """
                INSERT INTO revoked_tokens (jti, expires_at) VALUES (\(bind: jti), \(bind: ms(expiresAt)))
                ON CONFLICT (jti) DO NOTHING
                """
            ).run()
        }
    }

    public func isAccessTokenRevoked(jti: String) async throws -> Bool {
        try await database.read { db in
            try await db.raw("SELECT jti FROM revoked_tokens WHERE jti = \(bind: jti)").first() != nil
        }
    }

    /// One query for what would be two: the revocation list and the user.
    public func accessTokenHolder(jti: String, userId: Int64, users: any UserStore) async throws
        -> AccessTokenHolder
    {
        let row = try await database.lookup { db in try await Self.holder.raw(on: db, [jti, userId]).first() }
        guard let row else { return .unknownUser }
        if try row.decode(column: "revoked_count", as: Int64.self) > 0 { return .revoked }
        guard try row.decode(column: "id", as: Int64?.self) != nil else { return .unknownUser }
        return .user(try User(row: row))
    }

    /// Read on every authenticated request: a template, kept prepared on PostgreSQL.
    private static let holder = SQLTemplate(binds: 2) { v in
        """
        SELECT (SELECT COUNT(*) FROM revoked_tokens WHERE jti = \(v[0])) AS revoked_count, u.*
        FROM (SELECT 1 AS one) AS one LEFT JOIN users u ON u.id = \(v[1])
        """
    }

    public func saveWebSession(_ session: WebSession) async throws {
        try await database.write { db in
            try await db.raw(
                """
                INSERT INTO web_sessions (digest, user_id, created_at, expires_at, generation)
                VALUES (\(bind: session.digest), \(bind: session.userId), \(bind: ms(session.createdAt)),
                    \(bind: ms(session.expiresAt)), \(bind: session.generation))
                """
            ).run()
            // A user signed in on more browsers than POMO_MAX_WEB_SESSIONS loses the oldest; the
            // new session always stays.
            try await db.raw(
                """
                DELETE FROM web_sessions WHERE user_id = \(bind: session.userId) AND digest <> \(bind: session.digest)
                    AND digest NOT IN (
                        SELECT digest FROM web_sessions WHERE user_id = \(bind: session.userId)
                            AND digest <> \(bind: session.digest)
                        ORDER BY created_at DESC, digest LIMIT \(bind: quotas.webSessions - 1))
                """
            ).run()
        }
    }

    public func findWebSession(digest: String, at now: Date) async throws -> WebSession? {
        try await database.read { db in
            try await db.raw(
                "SELECT * FROM web_sessions WHERE digest = \(bind: digest) AND expires_at > \(bind: ms(now))"
            ).first().map { row in
                WebSession(
                    digest: try row.decode(column: "digest", as: String.self),
                    userId: try row.decode(column: "user_id", as: Int64.self),
                    createdAt: try row.date("created_at"), expiresAt: try row.date("expires_at"),
                    generation: try row.decode(column: "generation", as: Int64.self))
            }
        }
    }

    public func deleteWebSession(digest: String) async throws {
        try await database.write { db in
            try await db.raw("DELETE FROM web_sessions WHERE digest = \(bind: digest)").run()
        }
    }

    public func deleteWebSessions(userId: Int64) async throws {
        try await database.write { db in
            try await db.raw("DELETE FROM web_sessions WHERE user_id = \(bind: userId)").run()
        }
    }
}
