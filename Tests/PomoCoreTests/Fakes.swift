import Foundation
import PomoCore

/// A transparent stand-in for bcrypt: the core's rules do not depend on how slow hashing is.
struct PlainHasher: PasswordHasher {
    func hash(_ password: String) async throws -> String { "plain:" + password }
    func verify(_ password: String, hash: String) async throws -> Bool { hash == "plain:" + password }
}

struct ReversingDigester: SecretDigester {
    func digest(_ secret: String) -> String { String(secret.reversed()) }
}

func makeAccounts(
    registrationOpen: Bool = true, defaultSubscription: Date? = Subscription.openEnded,
    clock: ManualClock = ManualClock()
) -> AccountService {
    AccountService(
        stores: .inMemory(), hasher: PlainHasher(), digester: ReversingDigester(), clock: clock,
        policy: AccountPolicy(registrationOpen: registrationOpen, defaultSubscription: defaultSubscription))
}
