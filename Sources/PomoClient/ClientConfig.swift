import Foundation

/// Where the CLI keeps its server URL and token: `$POMO_CONFIG_DIR` or
/// `~/.config/pomo/config.json`, mode 0600. `POMO_URL` and `POMO_TOKEN` override the file.
public struct ClientConfig: Codable, Sendable, Equatable {
    public var url: String
    public var token: String?
    public var refreshToken: String?
    public var username: String?
    /// The profile's time zone, in which the CLI shows every time (as the web app does), and
    /// the preferred focus length: remembered from the server for when it cannot be reached.
    public var timezone: String?
    public var defaultDuration: Int?

    public init(
        url: String, token: String? = nil, refreshToken: String? = nil, username: String? = nil,
        timezone: String? = nil, defaultDuration: Int? = nil
    ) {
        self.url = url
        self.token = token
        self.refreshToken = refreshToken
        self.username = username
        self.timezone = timezone
        self.defaultDuration = defaultDuration
    }

    public static func directory(environment: [String: String]) -> URL {
        if let dir = environment["POMO_CONFIG_DIR"], !dir.isEmpty { return URL(fileURLWithPath: dir) }
        let base =
            environment["XDG_CONFIG_HOME"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory()).appendingPathComponent(".config")
        return base.appendingPathComponent("pomo")
    }

    public static func load(environment: [String: String]) -> ClientConfig? {
        let file = directory(environment: environment).appendingPathComponent("config.json")
        var config = (try? Data(contentsOf: file)).flatMap { try? JSONDecoder().decode(ClientConfig.self, from: $0) }
        if let url = environment["POMO_URL"], !url.isEmpty {
            config = config ?? ClientConfig(url: url)
            config?.url = url
        }
        if let token = environment["POMO_TOKEN"], !token.isEmpty { config?.token = token }
        return config
    }

    public func save(environment: [String: String]) throws {
        let dir = Self.directory(environment: environment)
        try FileManager.default.createDirectory(
            at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let file = dir.appendingPathComponent("config.json")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        // Created 0600 before any secret is written to it.
        FileManager.default.createFile(atPath: file.path, contents: nil, attributes: [.posixPermissions: 0o600])
        try encoder.encode(self).write(to: file)
    }

    public static func remove(environment: [String: String]) throws {
        let file = directory(environment: environment).appendingPathComponent("config.json")
        if FileManager.default.fileExists(atPath: file.path) { try FileManager.default.removeItem(at: file) }
    }
}
