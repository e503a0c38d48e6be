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
            let parts = header.split(separator: " ", maxSplits: 1).map { $0.trimmingWhitespace() }
            guard parts.count == 2, !parts[1].isEmpty else {
                self = .unsupported
                return
            }
            switch parts[0].lowercased() {
            // A JWT has three dot-separated parts; an API key is base64url and has none.
            case "bearer": self = parts[1].contains(".") ? .jwt(parts[1]) : .apiKey(parts[1])
            case "apikey", "token": self = .apiKey(parts[1])
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
