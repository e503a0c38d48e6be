import Foundation

public actor InMemoryTokenStore: TokenStore {
    private var refreshTokens: [String: RefreshTokenRecord] = [:]
    private var revokedAccess: [String: Date] = [:]
    private var webSessions: [String: WebSession] = [:]

    public init() {}

    public func saveRefreshToken(_ record: RefreshTokenRecord) { refreshTokens[record.jti] = record }

    public func consumeRefreshToken(jti: String, at now: Date) -> RefreshTokenRecord? {
        guard let record = refreshTokens[jti], record.revokedAt == nil, record.expiresAt > now else { return nil }
        refreshTokens[jti]?.revokedAt = now
        return record
    }

    public func revokeRefreshTokens(userId: Int64, at now: Date) {
        for (jti, record) in refreshTokens where record.userId == userId && record.revokedAt == nil {
            refreshTokens[jti]?.revokedAt = now
        }
    }

    public func revokeRefreshFamily(of member: RefreshFamilyMember, at now: Date) {
        let found: RefreshTokenRecord?
        switch member {
        case .refresh(let jti): found = refreshTokens[jti]
        case .access(let jti): found = refreshTokens.values.first { $0.accessJti == jti }
        }
        guard let found else { return }
        let family = found.family ?? found.jti
        for (jti, record) in refreshTokens where (record.family ?? record.jti) == family {
            if record.revokedAt == nil { refreshTokens[jti]?.revokedAt = now }
            if let access = record.accessJti { revokedAccess[access] = record.expiresAt }
        }
    }

    public func revokeAccessToken(jti: String, expiresAt: Date) { revokedAccess[jti] = expiresAt }

    public func isAccessTokenRevoked(jti: String) -> Bool { revokedAccess[jti] != nil }

    public func saveWebSession(_ session: WebSession) { webSessions[session.digest] = session }

    public func findWebSession(digest: String, at now: Date) -> WebSession? {
        guard let session = webSessions[digest], session.expiresAt > now else { return nil }
        return session
    }

    public func deleteWebSession(digest: String) { webSessions[digest] = nil }

    public func deleteWebSessions(userId: Int64) { webSessions = webSessions.filter { $0.value.userId != userId } }
}
