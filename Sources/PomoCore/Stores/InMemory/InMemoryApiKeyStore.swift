import Foundation

public actor InMemoryApiKeyStore: ApiKeyStore {
    private var keys: [ApiKey] = []

    public init() {}

    public func create(userId: Int64, name: String, prefix: String, digest: String, at now: Date) -> ApiKey {
        let key = ApiKey(
            id: Int64(keys.count + 1), userId: userId, name: name, prefix: prefix, digest: digest,
            createdAt: now, revokedAt: nil)
        keys.append(key)
        return key
    }

    public func list(userId: Int64) -> [ApiKey] {
        keys.filter { $0.userId == userId && $0.revokedAt == nil }
    }

    public func findActive(digest: String) -> ApiKey? {
        keys.first { $0.digest == digest && $0.revokedAt == nil }
    }

    public func revoke(id: Int64, userId: Int64, at now: Date) -> Bool {
        guard let index = keys.firstIndex(where: { $0.id == id && $0.userId == userId && $0.revokedAt == nil })
        else { return false }
        keys[index].revokedAt = now
        return true
    }
}
