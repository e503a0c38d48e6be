import Foundation
import PomoCore
import Testing

@Suite struct ApiKeyStoreContractTests {
    @Test(arguments: StoreKind.all)
    func keysAreFoundByDigestUntilRevoked(_ kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let ana = try await stores.users.create(newUser("ana"))
            let ben = try await stores.users.create(newUser("ben"))
            let key = try await stores.apiKeys.create(
                userId: ana.id, name: "laptop", prefix: "abcdefgh", digest: "d1", at: epoch)
            #expect(try await stores.apiKeys.findActive(digest: "d1") == key)
            #expect(try await stores.apiKeys.list(userId: ana.id) == [key])
            #expect(try await stores.apiKeys.list(userId: ben.id).isEmpty)
            // Another user cannot revoke it.
            #expect(try await stores.apiKeys.revoke(id: key.id, userId: ben.id, at: epoch) == false)
            #expect(try await stores.apiKeys.revoke(id: key.id, userId: ana.id, at: epoch) == true)
            #expect(try await stores.apiKeys.revoke(id: key.id, userId: ana.id, at: epoch) == false)
            #expect(try await stores.apiKeys.findActive(digest: "d1") == nil)
            #expect(try await stores.apiKeys.list(userId: ana.id).isEmpty)
        }
    }
}

@Suite struct TokenStoreContractTests {
    @Test(arguments: StoreKind.all)
    func aRefreshTokenIsConsumedExactlyOnceEvenConcurrently(_ kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let ana = try await stores.users.create(newUser("ana"))
            let record = RefreshTokenRecord(jti: "r1", userId: ana.id, issuedAt: epoch, expiresAt: epoch + 3600)
            try await stores.tokens.saveRefreshToken(record)
            let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<10 {
                    group.addTask { try await stores.tokens.consumeRefreshToken(jti: "r1", at: epoch) != nil }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(winners == 1)
        }
    }

    @Test(arguments: StoreKind.all)
    func expiredAndRevokedRefreshTokensAreNotConsumed(_ kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let ana = try await stores.users.create(newUser("ana"))
            try await stores.tokens.saveRefreshToken(
                RefreshTokenRecord(jti: "old", userId: ana.id, issuedAt: epoch, expiresAt: epoch + 60))
            try await stores.tokens.saveRefreshToken(
                RefreshTokenRecord(jti: "live", userId: ana.id, issuedAt: epoch, expiresAt: epoch + 3600))
            #expect(try await stores.tokens.consumeRefreshToken(jti: "old", at: epoch + 61) == nil)
            try await stores.tokens.revokeRefreshTokens(userId: ana.id, at: epoch)
            #expect(try await stores.tokens.consumeRefreshToken(jti: "live", at: epoch) == nil)
            #expect(try await stores.tokens.consumeRefreshToken(jti: "unknown", at: epoch) == nil)
        }
    }

    @Test(arguments: StoreKind.all)
    func revokedAccessTokenIdsAreRemembered(_ kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            #expect(try await stores.tokens.isAccessTokenRevoked(jti: "a1") == false)
            try await stores.tokens.revokeAccessToken(jti: "a1", expiresAt: epoch + 60)
            try await stores.tokens.revokeAccessToken(jti: "a1", expiresAt: epoch + 60)  // twice is fine
            #expect(try await stores.tokens.isAccessTokenRevoked(jti: "a1"))
        }
    }

    @Test(arguments: StoreKind.all)
    func anAccessTokensHolderIsItsUserUnlessRevokedOrGone(_ kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let ana = try await stores.users.create(newUser("ana"))
            #expect(
                try await stores.tokens.accessTokenHolder(jti: "a1", userId: ana.id, users: stores.users)
                    == .user(ana))
            #expect(
                try await stores.tokens.accessTokenHolder(jti: "a1", userId: ana.id + 99, users: stores.users)
                    == .unknownUser)
            try await stores.tokens.revokeAccessToken(jti: "a1", expiresAt: epoch + 60)
            #expect(
                try await stores.tokens.accessTokenHolder(jti: "a1", userId: ana.id, users: stores.users) == .revoked)
            #expect(
                try await stores.tokens.accessTokenHolder(jti: "a1", userId: ana.id + 99, users: stores.users)
                    == .revoked)
        }
    }

    @Test(arguments: StoreKind.all)
    func webSessionsExpireAndCanBeEnded(_ kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let ana = try await stores.users.create(newUser("ana"))
            let session = WebSession(digest: "s1", userId: ana.id, createdAt: epoch, expiresAt: epoch + 60)
            try await stores.tokens.saveWebSession(session)
            #expect(try await stores.tokens.findWebSession(digest: "s1", at: epoch) == session)
            #expect(try await stores.tokens.findWebSession(digest: "s1", at: epoch + 60) == nil)
            try await stores.tokens.deleteWebSession(digest: "s1")
            #expect(try await stores.tokens.findWebSession(digest: "s1", at: epoch) == nil)
        }
    }
}
