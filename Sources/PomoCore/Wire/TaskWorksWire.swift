/// TaskWorks' success envelope: `{"data": ..., "error": null}`.
public struct Envelope<Payload: Codable & Sendable>: Codable, Sendable {
    public var data: Payload
    public var error: String?

    public init(_ data: Payload) {
        self.data = data
        error = nil
    }

    enum CodingKeys: String, CodingKey { case data, error }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(data, forKey: .data)
        try c.encodeNil(forKey: .error)
    }
}

/// `GET /api/v1/auth/me`.
public struct TaskWorksMe: Codable, Sendable, Equatable {
    public var id: String
    public var userId: String
    public var email: String
    public var name: String
    public var username: String
    public var role: String
    public var timezone: String

    public init(_ user: User) {
        id = String(user.id)
        userId = String(user.id)
        email = user.email
        name = user.username
        username = user.username
        role = user.role.rawValue
        timezone = user.timezone
    }
}

/// An API key as listed; `token` is present only in the response that creates it.
public struct ApiKeyDTO: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var prefix: String
    public var token: String?
    public var createdAt: String

    enum CodingKeys: String, CodingKey {
        case id, name, prefix, token
        case createdAt = "created_at"
    }

    public init(_ key: ApiKey, token: String? = nil) {
        id = String(key.id)
        name = key.name
        prefix = key.prefix
        self.token = token
        createdAt = Timestamp.format(key.createdAt)
    }
}
