import Foundation
import PomoCore
import Testing

@Suite struct ApiKeyTests {
    @Test func aKeyIsShownOnceAndOnlyItsDigestIsKept() async throws {
        let accounts = makeAccounts()
        let ana = try await accounts.register(username: "ana", email: "ana@example.com", password: "password-1")
        let issued = try await accounts.createApiKey(for: ana, name: "laptop")
        #expect(issued.token.count == 43)  // 32 random bytes, base64url without padding
        #expect(issued.key.digest == String(issued.token.reversed()))
        #expect(issued.key.prefix == String(issued.token.prefix(8)))
        #expect(try await accounts.user(forApiKey: issued.token)?.id == ana.id)
        #expect(try await accounts.user(forApiKey: issued.token + "x") == nil)
    }

    @Test func revokedAndRotatedKeysStopWorking() async throws {
        let accounts = makeAccounts()
        let ana = try await accounts.register(username: "ana", email: "ana@example.com", password: "password-1")
        let first = try await accounts.createApiKey(for: ana, name: "one")
        let rotated = try await accounts.rotateApiKey(id: first.key.id, for: ana)
        #expect(rotated.key.name == "one")
        #expect(try await accounts.user(forApiKey: first.token) == nil)
        #expect(try await accounts.user(forApiKey: rotated.token)?.id == ana.id)
        try await accounts.revokeApiKey(id: rotated.key.id, for: ana)
        #expect(try await accounts.user(forApiKey: rotated.token) == nil)
    }

    @Test func anotherUsersKeyIsNotFound() async throws {
        let accounts = makeAccounts()
        let ana = try await accounts.register(username: "ana", email: "ana@example.com", password: "password-1")
        let ben = try await accounts.register(username: "ben", email: "ben@example.com", password: "password-1")
        let key = try await accounts.createApiKey(for: ana, name: "one")
        await #expect(throws: AppError.notFound("API key not found")) {
            try await accounts.revokeApiKey(id: key.key.id, for: ben)
        }
        #expect(try await accounts.user(forApiKey: key.token)?.id == ana.id)
    }

    @Test func aKeyNeedsAName() async throws {
        let accounts = makeAccounts()
        let ana = try await accounts.register(username: "ana", email: "ana@example.com", password: "password-1")
        let error = await #expect(throws: AppError.self) { try await accounts.createApiKey(for: ana, name: "  ") }
        #expect(error?.field == "name")
    }
}
