import Foundation
import PomoCore
import PomoStore
import PomoTestSupport

/// Where a contract test's stores live: the same tests run on every implementation.
enum StoreKind: String, CustomStringConvertible {
    case memory, sqlite, postgres
    var description: String { rawValue }

    static var all: [StoreKind] { [.memory] + TestBackend.available.map { StoreKind(rawValue: $0.rawValue)! } }
}

/// Opens fresh stores of one kind, runs `body`, and closes the database again.
func withStores(_ kind: StoreKind, _ body: (Stores) async throws -> Void) async throws {
    switch kind {
    case .memory:
        try await body(.inMemory())
    case .sqlite, .postgres:
        try await withDatabase(try await TestDatabases.open(TestBackend(rawValue: kind.rawValue)!)) { database in
            try await body(.sql(database))
        }
    }
}

let epoch = Date(timeIntervalSince1970: 1_763_800_000)

func newUser(_ name: String, at date: Date = epoch) -> NewUser {
    NewUser(
        username: name, email: "\(name)@example.com", passwordHash: "hash-\(name)", timezone: "Europe/Paris",
        subscriptionActiveUntil: Subscription.openEnded, createdAt: date)
}
