import Crypto
import Foundation
import HummingbirdBcrypt
import NIOPosix
import PomoCore

/// bcrypt, run on the NIO thread pool so a login never blocks an event loop.
struct BcryptPasswordHasher: PasswordHasher {
    let cost: UInt8

    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}

struct SHA256Digester: SecretDigester {
    func digest(_ secret: String) -> String {
        Hex.string(SHA256.hash(data: Data(secret.utf8)))
    }
}
