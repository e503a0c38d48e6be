import HTTPTypes
import PomoCore

/// What a request presents, before it is checked.
enum Credential: Equatable {
    case jwt(String)
    case apiKey(String)
    case sessionCookie(String)
    case unsupported

    static let cookieName = "pomo_session"

    /// `Authorization: Bearer <JWT or API key>`, `ApiKey <key>`, `Token <key>`, else the session cookie.
    init?(headers: HTTPFields) {
        if let header = headers[.authorization] {
            // Scanned as UTF-8: every authenticated request passes here, and walking a JWT by
            // Characters (grapheme breaking included) showed in profiles.
            let header = header.trimmingWhitespace()
            guard let space = header.utf8.firstIndex(of: UInt8(ascii: " ")) else {
                self = .unsupported
                return
            }
            let secret = header[space...].trimmingWhitespace()
            guard !secret.isEmpty else {
                self = .unsupported
                return
            }
            switch header[..<space].lowercased() {
            // A JWT has three dot-separated parts; an API key is base64url and has none.
            case "bearer": self = secret.utf8.contains(UInt8(ascii: ".")) ? .jwt(secret) : .apiKey(secret)
            case "apikey", "token": self = .apiKey(secret)
            default: self = .unsupported
            }
            return
        }
        guard let value = Self.cookie(named: Self.cookieName, in: headers[values: .cookie]) else { return nil }
        self = .sessionCookie(value)
    }

    static func cookie(named name: String, in headers: [String]) -> String? {
        for header in headers {
            for pair in header.split(separator: ";") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                if kv.count == 2, kv[0].trimmingWhitespace() == name {
                    let value = kv[1].trimmingWhitespace()
                    return value.isEmpty ? nil : value
                }
            }
        }
        return nil
    }
}
