import Foundation

/// What a webhook may ask for and how its deliveries are retried.
public enum WebhookRules {
    /// Every kind of change the log records, by entity type.
    public static let kindsByType: KeyValuePairs<String, [String]> = [
        "session": ["planned", "started", "completed", "cancelled", "expired", "updated", "deleted"],
        "time_entry": ["created", "updated", "deleted"],
        "project": ["created", "updated", "deleted"],
        "task": ["created", "updated", "deleted"],
        "activity": ["created", "updated", "deleted"],
        "goal": ["created", "updated", "deleted"],
        "team_member": ["added", "removed"],
        "preferences": ["updated"],
    ]

    public static let kinds: [String] = kindsByType.flatMap { type, actions in actions.map { "\(type).\($0)" } }

    /// What `events` may hold: a kind, a type's every kind, or everything.
    public static let patterns: Set<String> = Set(kinds + kindsByType.map { "\($0.key).*" } + ["*"])

    public static let maxPerUser = 20
    public static let maxURLLength = 2000

    public static func matches(_ events: [String], kind: String) -> Bool {
        events.contains { pattern in
            pattern == "*" || pattern == kind
                || (pattern.hasSuffix(".*") && kind.hasPrefix(pattern.dropLast()))
        }
    }

    /// The events a webhook is created or changed with: known patterns, at least one, no repeats.
    public static func checkEvents(_ events: [String]) throws -> [String] {
        guard !events.isEmpty else { throw AppError.validation("events", "events must name at least one kind") }
        if let unknown = events.first(where: { !patterns.contains($0) }) {
            throw AppError.validation(
                "events",
                "events: unknown kind '\(unknown.prefix(100))'; kinds are \(kinds.joined(separator: ", ")), a type's '<type>.*' or '*'"
            )
        }
        var seen = Set<String>()
        return events.filter { seen.insert($0).inserted }
    }

    /// An http(s) URL with a host and no credentials, at most `maxURLLength` bytes: what may be
    /// stored. Where it points is the address rule's to judge (`WebhookAddressRule`).
    public static func checkURL(_ text: String, field: String = "url") throws -> URL {
        guard text.utf8.count <= maxURLLength, let url = URL(string: text),
            let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host?.isEmpty == false
        else { throw AppError.validation(field, "\(field) must be an http(s) URL of at most \(maxURLLength) bytes") }
        guard url.user == nil, url.password == nil else {
            throw AppError.validation(field, "\(field) must not carry a user name or password")
        }
        return url
    }

    /// When a failed delivery is tried again: after 10 s, 1 min, 5 min, 30 min, 2 h, 6 h and 12 h
    /// (about 21 hours in all), then never.
    public static let retryDelays: [TimeInterval] = [10, 60, 300, 1800, 7200, 21600, 43200]

    public static func nextAttempt(afterAttempt attempts: Int, at now: Date) -> Date? {
        attempts <= retryDelays.count ? now.addingTimeInterval(retryDelays[attempts - 1]) : nil
    }

    /// A webhook is disabled when a delivery has used up its retries, or after this many failed
    /// attempts in a row across its deliveries (a URL that answers nothing but errors).
    public static let maxFailuresInARow = 50

    public static let secretPrefix = "whsec_"

    public static func newSecret() -> String { secretPrefix + RandomToken.base64URL(byteCount: 32) }
}

/// Where a webhook may post (SSRF): an address that is loopback, link-local, private, shared
/// (carrier-grade NAT), unique-local, multicast, unspecified, reserved or a cloud metadata
/// service is refused, unless the server is set to allow private addresses.
public enum WebhookAddressRule {
    /// Why `bytes` (4 for IPv4, 16 for IPv6, network order) may not be posted to, or nil.
    public static func refusal(_ bytes: [UInt8]) -> String? {
        if bytes.count == 16 { return refusal(ipv6: bytes) }
        guard bytes.count == 4 else { return "an address of \(bytes.count) bytes" }
        let (a, b) = (bytes[0], bytes[1])
        switch a {
        case 0: return "an unspecified address"
        case 10: return "a private address"
        case 127: return "a loopback address"
        case 169 where b == 254:
            return bytes == [169, 254, 169, 254] ? "a cloud metadata address" : "a link-local address"
        case 172 where (16...31).contains(b): return "a private address"
        case 192 where b == 168: return "a private address"
        case 100 where (64...127).contains(b): return "a shared (carrier-grade NAT) address"
        case 192 where b == 0 && bytes[2] == 0: return "a reserved address"
        case 198 where b == 18 || b == 19: return "a reserved address"
        case 224...239: return "a multicast address"
        case 240...255: return "a reserved or broadcast address"
        default: return nil
        }
    }

    private static func refusal(ipv6 bytes: [UInt8]) -> String? {
        // IPv4 inside IPv6: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64 (64:ff9b::/96).
        let head = bytes[0..<12]
        if head.allSatisfy({ $0 == 0 }) {
            if bytes[12...].allSatisfy({ $0 == 0 }) { return "an unspecified address" }
            if bytes[12..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return "a loopback address" }
            return refusal(Array(bytes[12...]))
        }
        if head == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] || head == [0, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0] {
            return refusal(Array(bytes[12...]))
        }
        // 6to4 (2002::/16) carries an IPv4 address in its next four bytes.
        if bytes[0] == 0x20 && bytes[1] == 0x02 { return refusal(Array(bytes[2..<6])) }
        if bytes == [0xFD, 0, 0x0E, 0xC2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54] {
            return "a cloud metadata address"
        }
        if bytes[0] & 0xFE == 0xFC { return "a unique-local address" }
        if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80 { return "a link-local address" }
        if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0xC0 { return "a site-local address" }
        if bytes[0] == 0xFF { return "a multicast address" }
        if bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0D && bytes[3] == 0xB8 {
            return "a documentation address"
        }
        return nil
    }
}

/// Judges a webhook URL by the addresses its host resolves to now: the server's, which can
/// resolve names (`WebhookAddressRule` is the rule it applies).
public protocol WebhookAddressVetter: Sendable {
    /// Why `url` may not be posted to, or nil.
    func refusal(for url: URL) async -> String?
}

extension WebhookAddressVetter {
    /// `text` as a webhook URL may be stored: well formed (`WebhookRules.checkURL`) and its host
    /// resolving only to allowed addresses; refused as `kind`, naming `field`.
    public func check(_ text: String, field: String, refusedAs kind: AppError.Kind) async throws -> URL {
        let url = try WebhookRules.checkURL(text, field: field)
        if let refusal = await refusal(for: url) {
            throw AppError(kind, "\(field) is refused: \(refusal)", field: field)
        }
        return url
    }
}
