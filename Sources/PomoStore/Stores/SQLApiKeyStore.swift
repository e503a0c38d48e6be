import Foundation
import PomoCore
import SQLKit

public struct SQLApiKeyStore: ApiKeyStore {
    let database: PomoDatabase
    let quotas: Quotas

    public init(database: PomoDatabase, quotas: Quotas = Quotas()) {
        self.database = database
        self.quotas = quotas
    }

    public func create(userId: Int64, name: String, prefix: String, digest: String, at now: Date) async throws
        -> ApiKey
    {
        let id = try await database.write { db in
            try await SQLQuota.check(
                userId: userId, max: quotas.apiKeys,
                "SELECT COUNT(*) AS n FROM api_keys WHERE user_id = \(bind: userId) AND revoked_at IS NULL", on: db,
                Quotas.reached("active API keys", max: quotas.apiKeys, setting: "POMO_MAX_API_KEYS"))
            return try await db.raw(
                """
                INSERT INTO api_keys (user_id, name, prefix, digest, created_at)
                VALUES (\(bind: userId), \(bind: name), \(bind: prefix), \(bind: digest), \(bind: ms(now)))
                RETURNING id
                """
            ).first()!.decode(column: "id", as: Int64.self)
        }
        return ApiKey(
            id: id, userId: userId, name: name, prefix: prefix, digest: digest, createdAt: now, revokedAt: nil)
    }

    public func list(userId: Int64) async throws -> [ApiKey] {
        try await database.read { db in
            try await db.raw(
                "SELECT * FROM api_keys WHERE user_id = \(bind: userId) AND revoked_at IS NULL ORDER BY id"
            ).all().map(ApiKey.init(row:))
        }
    }

    public func findActive(digest: String) async throws -> ApiKey? {
        try await database.read { db in
            try await db.raw("SELECT * FROM api_keys WHERE digest = \(bind: digest) AND revoked_at IS NULL")
                .first().map(ApiKey.init(row:))
        }
    }

    public func revoke(id: Int64, userId: Int64, at now: Date) async throws -> Bool {
        try await database.write { db in
            try await db.raw(
                """
                UPDATE api_keys SET revoked_at = \(bind: ms(now))
                WHERE id = \(bind: id) AND user_id = \(bind: userId) AND revoked_at IS NULL
                RETURNING id
                """
            ).first() != nil
        }
    }
}

extension ApiKey {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "id", as: Int64.self),
            userId: try row.decode(column: "user_id", as: Int64.self),
            name: try row.decode(column: "name", as: String.self),
            prefix: try row.decode(column: "prefix", as: String.self),
            digest: try row.decode(column: "digest", as: String.self),
            createdAt: try row.date("created_at"),
            revokedAt: try row.optionalDate("revoked_at"))
    }
}
