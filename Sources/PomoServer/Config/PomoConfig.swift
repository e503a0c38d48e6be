import Foundation
import Logging
import PomoCore
import PomoStore

/// Every setting of the server, read once at start from `POMO_*` variables (and `pomod serve`
/// flags of the same names). A bad value fails the start with a message naming the variable.
public struct PomoConfig: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var dataDirectory = "./pomo-data"
    /// nil: the embedded SQLite database `pomo.sqlite` in the data directory.
    public var databaseURL: String?
    /// PostgreSQL: connections this pomod keeps at most (PostgreSQL's own `max_connections` is
    /// shared by every instance). More connections than the cores can run only queue inside
    /// PostgreSQL: on two cores, 6 connections took 1.35-1.56x the durable submits of 20 (see
    /// BENCHMARKS.md), so the default follows the machine's cores.
    public var databasePoolSize = PomoConfig.defaultPoolSize

    /// Twice the cores, plus two, from 4 to 20.
    public static var defaultPoolSize: Int {
        min(20, max(4, 2 * ProcessInfo.processInfo.activeProcessorCount + 2))
    }
    /// PostgreSQL: seconds a statement may run before the server cancels it; 0 = no limit.
    public var databaseStatementTimeout = 0
    /// Days the change log keeps a change (`POMO_CHANGE_RETENTION_DAYS`); 0 keeps every change.
    /// The sync feed and the event stream then resume only from a cursor of the kept days.
    public var changeRetentionDays = 0
    /// nil: generated once and kept in `<data dir>/jwt-secret` (mode 0600).
    public var jwtSecret: String?
    public var registrationOpen = true
    public var defaultSubscriptionActive = true
    public var timeMagicRateLimit = 5
    /// Time Magic requests per user per minute with the web app's cookie.
    public var cookieRateLimit = 300
    /// Open event streams (`GET /api/v1/events`) per user; one more is refused with 429.
    public var eventStreamsPerUser = 10
    /// Seconds between the comment lines that keep an idle event stream open through proxies.
    public var eventHeartbeat = 20
    /// Webhooks may post to loopback, private, link-local and unique-local addresses (a home lab's
    /// smart light; the tests' receiver). Off, such a URL is refused (SSRF).
    public var webhookAllowPrivate = false
    /// The only hosts webhooks may post to (`POMO_WEBHOOK_HOSTS`, comma-separated names or
    /// addresses, compared as written); empty, any host the address rule allows. A listed name
    /// still passes the address rule.
    public var webhookHosts: Set<String> = []
    public var logLevel = Logger.Level.info
    public var accessTokenTTL: TimeInterval = 30 * 86_400
    public var refreshTokenTTL: TimeInterval = 60 * 86_400
    public var webSessionTTL: TimeInterval = 30 * 86_400
    public var bcryptCost: UInt8 = 12
    public var maxBodyBytes = 1 << 20
    /// Origins (scheme://host[:port]) allowed to make cookie-authenticated writes besides the
    /// server's own; the web app is served from the same origin, so this is usually empty.
    public var trustedOrigins: [String] = []
    /// Behind a reverse proxy: take the client's address from `X-Forwarded-For` (login throttling).
    public var trustForwardedFor = false
    /// Peers whose `X-Forwarded-For` entries are believed, and which are skipped when reading it
    /// from the right (`POMO_TRUSTED_PROXIES`, comma-separated addresses).
    public var trustedProxies: Set<String> = ["127.0.0.1", "::1"]
    /// Seconds a connection may sit idle, or dribble a request's head or body, before it is closed.
    public var idleTimeout = 60
    /// Host names (the `Host` header, without its port) the server answers besides IP literals,
    /// `localhost` and `POMO_HOST`: a name that merely resolves here (DNS rebinding) gets 400.
    /// `["*"]`: any name.
    public var allowedHosts: [String] = []
    /// How many API keys, projects, tasks, activities and web sessions one user may have.
    public var quotas = Quotas()
    /// Where users reach the server (`POMO_PUBLIC_URL`); an https URL makes the session cookie `Secure`.
    public var publicURL: String?

    public init() {}

    /// Names every variable the server reads, for `.env.example` and the README.
    public static let variables = [
        "POMO_HOST", "POMO_PORT", "POMO_DATA_DIR", "POMO_DATABASE_URL", "POMO_DATABASE_POOL_SIZE",
        "POMO_DATABASE_STATEMENT_TIMEOUT", "POMO_JWT_SECRET", "POMO_REGISTRATION",
        "POMO_DEFAULT_SUBSCRIPTION", "POMO_TIMEMAGIC_RATE_LIMIT", "POMO_LOG_LEVEL", "POMO_ACCESS_TOKEN_TTL",
        "POMO_TRUST_FORWARDED_FOR", "POMO_IDLE_TIMEOUT",
        "POMO_REFRESH_TOKEN_TTL", "POMO_SESSION_TTL", "POMO_BCRYPT_COST", "POMO_MAX_BODY_BYTES",
        "POMO_TRUSTED_ORIGINS", "POMO_COOKIE_RATE_LIMIT", "POMO_TRUSTED_PROXIES", "POMO_ALLOWED_HOSTS",
        "POMO_PUBLIC_URL", "POMO_MAX_API_KEYS", "POMO_MAX_PROJECTS", "POMO_MAX_TASKS", "POMO_MAX_ACTIVITIES",
        "POMO_MAX_PLANS", "POMO_MAX_WEB_SESSIONS", "POMO_EVENT_STREAMS_PER_USER", "POMO_EVENT_HEARTBEAT",
        "POMO_WEBHOOK_ALLOW_PRIVATE", "POMO_WEBHOOK_HOSTS", "POMO_CHANGE_RETENTION_DAYS",
    ]

    public init(environment env: [String: String]) throws {
        let reader = ConfigReader(env: env)
        host = reader.string("POMO_HOST") ?? host
        port = try reader.int("POMO_PORT", in: 0...65535) ?? port
        dataDirectory = reader.string("POMO_DATA_DIR") ?? dataDirectory
        databaseURL = try reader.string("POMO_DATABASE_URL").map { url in
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw ConfigError(
                    variable: "POMO_DATABASE_URL", value: Self.withoutPassword(url),
                    expected: "a postgres:// URL, or unset for SQLite")
            }
            // Read now, so a URL pomod cannot use stops it at start with the reason.
            do { _ = try PostgresURL(url) } catch let error as PostgresURLError {
                throw ConfigError(
                    variable: "POMO_DATABASE_URL", value: Self.withoutPassword(url),
                    expected: "a URL pomod can use (\(error.message))")
            }
            return url
        }
        databasePoolSize = try reader.int("POMO_DATABASE_POOL_SIZE", in: 1...1_000) ?? databasePoolSize
        databaseStatementTimeout =
            try reader.int("POMO_DATABASE_STATEMENT_TIMEOUT", in: 0...86_400) ?? databaseStatementTimeout
        changeRetentionDays = try reader.int("POMO_CHANGE_RETENTION_DAYS", in: 0...36_500) ?? changeRetentionDays
        if let raw = env["POMO_JWT_SECRET"], !raw.isEmpty, reader.string("POMO_JWT_SECRET") == nil {
            throw ConfigError(
                variable: "POMO_JWT_SECRET", value: "(hidden)",
                expected: "a secret, not white space (unset it to generate one)")
        }
        jwtSecret = try reader.string("POMO_JWT_SECRET").map { secret in
            // Long but guessable (40 spaces, one letter repeated) is as weak as short.
            let distinct = Set(secret.unicodeScalars.filter { !$0.properties.isWhitespace })
            guard secret.utf8.count >= 32, distinct.count >= 2 else {
                throw ConfigError(
                    variable: "POMO_JWT_SECRET", value: "(hidden)",
                    expected: "at least 32 bytes, not whitespace or one character repeated")
            }
            return secret
        }
        registrationOpen = try reader.choice("POMO_REGISTRATION", ["open": true, "closed": false]) ?? true
        defaultSubscriptionActive =
            try reader.choice("POMO_DEFAULT_SUBSCRIPTION", ["active": true, "none": false]) ?? true
        timeMagicRateLimit = try reader.int("POMO_TIMEMAGIC_RATE_LIMIT", in: 1...100_000) ?? timeMagicRateLimit
        cookieRateLimit = try reader.int("POMO_COOKIE_RATE_LIMIT", in: 1...100_000) ?? cookieRateLimit
        eventStreamsPerUser = try reader.int("POMO_EVENT_STREAMS_PER_USER", in: 1...1000) ?? eventStreamsPerUser
        eventHeartbeat = try reader.int("POMO_EVENT_HEARTBEAT", in: 1...300) ?? eventHeartbeat
        webhookAllowPrivate =
            try reader.choice("POMO_WEBHOOK_ALLOW_PRIVATE", ["true": true, "false": false]) ?? webhookAllowPrivate
        logLevel =
            try reader.choice(
                "POMO_LOG_LEVEL", Dictionary(uniqueKeysWithValues: Logger.Level.allCases.map { ($0.rawValue, $0) }))
            ?? logLevel
        accessTokenTTL = TimeInterval(
            try reader.int("POMO_ACCESS_TOKEN_TTL", in: 60...(10 * 365 * 86_400)) ?? Int(accessTokenTTL))
        refreshTokenTTL = TimeInterval(
            try reader.int("POMO_REFRESH_TOKEN_TTL", in: 60...(10 * 365 * 86_400)) ?? Int(refreshTokenTTL))
        webSessionTTL = TimeInterval(try reader.int("POMO_SESSION_TTL", in: 60...(365 * 86_400)) ?? Int(webSessionTTL))
        bcryptCost = UInt8(try reader.int("POMO_BCRYPT_COST", in: 4...31) ?? Int(bcryptCost))
        maxBodyBytes = try reader.int("POMO_MAX_BODY_BYTES", in: 1024...(64 << 20)) ?? maxBodyBytes
        idleTimeout = try reader.int("POMO_IDLE_TIMEOUT", in: 1...3600) ?? idleTimeout
        trustForwardedFor = try reader.choice("POMO_TRUST_FORWARDED_FOR", ["true": true, "false": false]) ?? false
        if let hosts = reader.string("POMO_WEBHOOK_HOSTS") {
            webhookHosts = Set(hosts.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
                .subtracting([""])
        }
        if let proxies = reader.string("POMO_TRUSTED_PROXIES") {
            trustedProxies = Set(proxies.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                .subtracting([""])
        }
        quotas.apiKeys = try reader.int("POMO_MAX_API_KEYS", in: 1...100_000) ?? quotas.apiKeys
        quotas.projects = try reader.int("POMO_MAX_PROJECTS", in: 1...1_000_000) ?? quotas.projects
        quotas.tasks = try reader.int("POMO_MAX_TASKS", in: 1...10_000_000) ?? quotas.tasks
        quotas.activities = try reader.int("POMO_MAX_ACTIVITIES", in: 1...1_000_000) ?? quotas.activities
        quotas.plans = try reader.int("POMO_MAX_PLANS", in: 1...1_000_000) ?? quotas.plans
        quotas.webSessions = try reader.int("POMO_MAX_WEB_SESSIONS", in: 1...10_000) ?? quotas.webSessions
        publicURL = try reader.string("POMO_PUBLIC_URL").map { url in
            guard url.hasPrefix("https://") || url.hasPrefix("http://"), URL(string: url)?.host != nil else {
                throw ConfigError(
                    variable: "POMO_PUBLIC_URL", value: url,
                    expected: "an http:// or https:// URL, e.g. https://pomo.example.com")
            }
            return url
        }
        allowedHosts =
            reader.string("POMO_ALLOWED_HOSTS")?.split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            }.filter { !$0.isEmpty } ?? []
        trustedOrigins =
            reader.string("POMO_TRUSTED_ORIGINS")?.split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            } ?? []
    }

    public var sqlitePath: String { (dataDirectory as NSString).appendingPathComponent("pomo.sqlite") }
}

extension PomoConfig {
    /// `url` as an error may show it: the password left out (and the whole URL, when it cannot
    /// be read well enough to tell where the password is).
    static func withoutPassword(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return "(not shown: it may hold a password)" }
        guard components.password != nil else { return url }
        components.password = "***"
        return components.string ?? "(not shown: it may hold a password)"
    }
}

public struct ConfigError: Error, CustomStringConvertible {
    public var variable: String
    public var value: String
    public var expected: String

    public var description: String { "\(variable)=\(value) is not valid: expected \(expected)" }
}

/// Reads typed values; an empty variable counts as unset.
private struct ConfigReader {
    let env: [String: String]

    func string(_ name: String) -> String? {
        guard let value = env[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    func int(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigError(
                variable: name, value: text, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func choice<T>(_ name: String, _ choices: [String: T]) throws -> T? {
        guard let text = string(name) else { return nil }
        guard let value = choices[text.lowercased()] else {
            throw ConfigError(
                variable: name, value: text, expected: "one of \(choices.keys.sorted().joined(separator: ", "))")
        }
        return value
    }
}
