/// Password hashing (bcrypt at the edge). Slow on purpose; used only at login and registration.
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) async throws -> String
    func verify(_ password: String, hash: String) async throws -> Bool
}

/// A fast digest (SHA-256 hex at the edge) for high-entropy secrets: API keys and session ids.
/// Checking one costs a digest and one indexed lookup, never bcrypt.
public protocol SecretDigester: Sendable {
    func digest(_ secret: String) -> String
}
