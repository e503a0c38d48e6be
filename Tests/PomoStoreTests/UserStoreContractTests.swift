import Foundation
import PomoCore
import Testing

@Suite struct UserStoreContractTests {
    @Test(arguments: StoreKind.all)
    func createdUsersReadBackWithEveryField(_ kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            // MUT
            let created = try await stores.users.create(newUser("ana"))
            // validate
            let found = try #require(try await stores.users.find(id: created.id))
            #expect(found == created)
            #expect(found.username == "ana")
            #expect(found.timezone == "Europe/Paris")
            #expect(found.subscriptionActiveUntil == Subscription.openEnded)
            #expect(found.createdAt == epoch)
            #expect(found.preferences == UserPreferences())
            #expect(found.isActive)
        }
    }

    @Test(arguments: StoreKind.all)
    func onlyTheFirstUserIsAdmin(_ kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let roles = try await withThrowingTaskGroup(of: UserRole.self) { group in
                for index in 0..<8 { group.addTask { try await stores.users.create(newUser("user\(index)")).role } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(roles.filter { $0 == .admin }.count == 1)
            #expect(try await stores.users.list().count == 8)
        }
    }

    @Test(arguments: StoreKind.all)
    func loginLookupIgnoresCaseForUsernameAndEmail(_ kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let ana = try await stores.users.create(newUser("Ana"))
            #expect(try await stores.users.find(login: "ana")?.id == ana.id)
            #expect(try await stores.users.find(login: "ANA@EXAMPLE.COM")?.id == ana.id)
            #expect(try await stores.users.find(login: "ben") == nil)
        }
    }

    @Test(arguments: StoreKind.all)
    func aTakenUsernameOrEmailIsAConflict(_ kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            _ = try await stores.users.create(newUser("ana"))
            var clash = newUser("ANA")
            clash.email = "other@example.com"
            let error = await #expect(throws: AppError.self) { try await stores.users.create(clash) }
            #expect(error?.kind == .conflict)
            var emailClash = newUser("ana2")
            emailClash.email = "ANA@example.com"
            await #expect(throws: AppError.self) { try await stores.users.create(emailClash) }
            #expect(try await stores.users.list().count == 1)
        }
    }

    @Test(arguments: StoreKind.all)
    func subscriptionAndPasswordUpdatesPersist(_ kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let ana = try await stores.users.create(newUser("ana"))
            let later = epoch.addingTimeInterval(90)
            try await stores.users.setSubscription(userId: ana.id, activeUntil: nil, at: later)
            try await stores.users.setPasswordHash(userId: ana.id, hash: "new-hash", at: later)
            let found = try #require(try await stores.users.find(id: ana.id))
            #expect(found.subscriptionActiveUntil == nil)
            #expect(found.passwordHash == "new-hash")
            #expect(found.updatedAt == later)
        }
    }
}
