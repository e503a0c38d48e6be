import Foundation

/// A freshly made API key: the record plus the plaintext, which is shown once and never stored.
public struct IssuedApiKey: Sendable {
    public var key: ApiKey
    public var token: String
}

extension AccountService {
    public func createApiKey(for user: User, name: String) async throws -> IssuedApiKey {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        let length = AccountRules.apiKeyNameLength
        guard length.contains(trimmed.count) else {
            throw AppError.validation(
                "name", "name is required (\(length.lowerBound)-\(length.upperBound) characters)")
        }
        let token = RandomToken.base64URL(byteCount: 32)
        let key = try await stores.apiKeys.create(
            userId: user.id, name: trimmed, prefix: String(token.prefix(8)), digest: digester.digest(token),
            at: clock.now())
        return IssuedApiKey(key: key, token: token)
    }

    /// Revokes the key and issues a new one with the same name.
    public func rotateApiKey(id: Int64, for user: User) async throws -> IssuedApiKey {
        guard let old = try await stores.apiKeys.list(userId: user.id).first(where: { $0.id == id }) else {
            throw AppError.notFound("API key not found")
        }
        _ = try await stores.apiKeys.revoke(id: id, userId: user.id, at: clock.now())
        return try await createApiKey(for: user, name: old.name)
    }

    public func revokeApiKey(id: Int64, for user: User) async throws {
        guard try await stores.apiKeys.revoke(id: id, userId: user.id, at: clock.now()) else {
            throw AppError.notFound("API key not found")
        }
    }

    /// The active user an API key belongs to, or nil for an unknown or revoked key.
    public func user(forApiKey token: String) async throws -> User? {
        guard let key = try await stores.apiKeys.findActive(digest: digester.digest(token)),
            let user = try await stores.users.find(id: key.userId), user.isActive
        else { return nil }
        return user
    }
}
