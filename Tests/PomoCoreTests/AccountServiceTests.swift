import Foundation
import PomoCore
import Testing

@Suite struct AccountServiceTests {
    @Test func firstRegisteredUserIsAdminAndLaterOnesAreNot() async throws {
        let accounts = makeAccounts()
        let first = try await accounts.register(username: "ana", email: "ana@example.com", password: "password-1")
        let second = try await accounts.register(username: "ben", email: "ben@example.com", password: "password-2")
        #expect(first.role == .admin)
        #expect(second.role == .user)
    }

    @Test func usernamesAndEmailsAreUniqueIgnoringCase() async throws {
        let accounts = makeAccounts()
        _ = try await accounts.register(username: "ana", email: "ana@example.com", password: "password-1")
        await #expect(throws: AppError.conflict("Username already exists", code: "USERNAME_TAKEN")) {
            try await accounts.register(username: "ANA", email: "other@example.com", password: "password-1")
        }
        await #expect(throws: AppError.conflict("Email already registered", code: "EMAIL_TAKEN")) {
            try await accounts.register(username: "ana2", email: "Ana@Example.com", password: "password-1")
        }
    }

    @Test(arguments: [
        ("a", "a@example.com", "password-1", "UTC", "username"),
        ("ana", "not-an-email", "password-1", "UTC", "email"),
        ("ana", "ana@example.com", "short", "UTC", "password"),
        ("ana", "ana@example.com", String(repeating: "x", count: 73), "UTC", "password"),
        ("ana", "ana@example.com", "password-1", "Mars/Olympus", "timezone"),
    ])
    func invalidRegistrationNamesTheField(
        username: String, email: String, password: String, timezone: String, field: String
    ) async throws {
        let error = await #expect(throws: AppError.self) {
            try await makeAccounts().register(username: username, email: email, password: password, timezone: timezone)
        }
        #expect(error?.kind == .validation)
        #expect(error?.field == field)
    }

    @Test func closedRegistrationRefusesSignUpButNotTheAdmin() async throws {
        let accounts = makeAccounts(registrationOpen: false)
        await #expect(throws: AppError.forbidden("Registration is closed")) {
            try await accounts.register(username: "ana", email: "ana@example.com", password: "password-1")
        }
        let user = try await accounts.register(
            username: "ana", email: "ana@example.com", password: "password-1", byAdmin: true)
        #expect(user.username == "ana")
    }

    @Test func loginWorksWithUsernameOrEmailAndOneMessageForEveryFailure() async throws {
        let accounts = makeAccounts()
        let ana = try await accounts.register(username: "ana", email: "ana@example.com", password: "password-1")
        #expect(try await accounts.authenticate(login: "ana", password: "password-1").id == ana.id)
        #expect(try await accounts.authenticate(login: "ANA@example.com", password: "password-1").id == ana.id)
        await #expect(throws: AppError.unauthenticated("Invalid credentials")) {
            try await accounts.authenticate(login: "ana", password: "wrong-password")
        }
        await #expect(throws: AppError.unauthenticated("Invalid credentials")) {
            try await accounts.authenticate(login: "nobody", password: "password-1")
        }
    }

    @Test func newUsersGetTheConfiguredSubscription() async throws {
        let clock = ManualClock()
        let open = try await makeAccounts(clock: clock).register(
            username: "ana", email: "ana@example.com", password: "password-1")
        #expect(open.hasActiveSubscription(at: clock.now()))
        let none = try await makeAccounts(defaultSubscription: nil, clock: clock).register(
            username: "ana", email: "ana@example.com", password: "password-1")
        #expect(!none.hasActiveSubscription(at: clock.now()))
    }

    @Test func subscriptionEndsAtItsDate() async throws {
        let clock = ManualClock()
        let accounts = makeAccounts(clock: clock)
        _ = try await accounts.register(username: "ana", email: "ana@example.com", password: "password-1")
        let user = try await accounts.setSubscription(username: "ana", activeUntil: clock.now().addingTimeInterval(60))
        #expect(user.hasActiveSubscription(at: clock.now()))
        clock.advance(by: 61)
        #expect(!user.hasActiveSubscription(at: clock.now()))
        await #expect(throws: AppError.self) { try await accounts.setSubscription(username: "zed", activeUntil: nil) }
    }

    @Test func resettingThePasswordRevokesRefreshTokens() async throws {
        let clock = ManualClock()
        let accounts = makeAccounts(clock: clock)
        let ana = try await accounts.register(username: "ana", email: "ana@example.com", password: "password-1")
        try await accounts.stores.tokens.saveRefreshToken(
            RefreshTokenRecord(jti: "r1", userId: ana.id, issuedAt: clock.now(), expiresAt: clock.now() + 3600))
        try await accounts.resetPassword(userId: ana.id, newPassword: "password-2")
        #expect(try await accounts.stores.tokens.consumeRefreshToken(jti: "r1", at: clock.now()) == nil)
        _ = try await accounts.authenticate(login: "ana", password: "password-2")
    }
}
