import Foundation
import PomoCore

/// The HS256 signing secret: from `POMO_JWT_SECRET`, or generated once and kept in the data
/// directory, readable by its owner only, so tokens survive restarts.
enum JWTSecret {
    static func load(configured: String?, dataDirectory: String) throws -> String {
        if let configured { return configured }
        let path = (dataDirectory as NSString).appendingPathComponent("jwt-secret")
        let files = FileManager.default
        if let existing = files.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) })?
            .trimmingCharacters(in: .whitespacesAndNewlines), existing.utf8.count >= 32
        {
            return existing
        }
        let secret = RandomToken.base64URL(byteCount: 48)
        guard files.createFile(atPath: path, contents: Data(secret.utf8), attributes: [.posixPermissions: 0o600])
        else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        return secret
    }
}
