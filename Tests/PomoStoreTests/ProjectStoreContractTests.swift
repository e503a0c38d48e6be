import Foundation
import PomoCore
import Testing

@Suite struct ProjectStoreContractTests {
    /// `find(ids:)` answers each known id's project, whoever owns it, and leaves out the rest.
    @Test(arguments: StoreKind.all)
    func projectsAreFoundByTheirIdsAtOnce(_ kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let ana = try await stores.users.create(newUser("ana"))
            let ben = try await stores.users.create(newUser("ben"))
            let site = try await stores.projects.personal(named: "Site", userId: ana.id, at: epoch)
            let book = try await stores.projects.personal(named: "Book", userId: ana.id, at: epoch)
            let garden = try await stores.projects.personal(named: "Garden", userId: ben.id, at: epoch)
            let found = try await stores.projects.find(ids: [site.id, garden.id, 999_999])
            #expect(found == [site.id: site, garden.id: garden])
            #expect(try await stores.projects.find(ids: [book.id]) == [book.id: book])
            #expect(try await stores.projects.find(ids: []).isEmpty)
        }
    }
}
