import HTTPTypes

extension HTTPField.Name {
    static let requestId = HTTPField.Name("X-Request-Id")!
    static let lastEventId = HTTPField.Name("Last-Event-ID")!
    static let xAccelBuffering = HTTPField.Name("X-Accel-Buffering")!
    /// The Game's source-tracking header (e.g. `RegardingWork-Mac-v1.0`), sent by other clients too.
    static let appIdentifier = HTTPField.Name("X-App-Identifier")!
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let xForwardedProto = HTTPField.Name("X-Forwarded-Proto")!
    static let contentSecurityPolicy = HTTPField.Name("Content-Security-Policy")!
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let contentDisposition = HTTPField.Name("Content-Disposition")!
    /// The MCP revision a client speaks, sent with every request after `initialize`.
    static let mcpProtocolVersion = HTTPField.Name("MCP-Protocol-Version")!
}

extension HTTPField.Name {
    /// The IETF draft's rate limit fields, sent on Time Magic responses.
    static let rateLimitLimit = HTTPField.Name("RateLimit-Limit")!
    static let rateLimitRemaining = HTTPField.Name("RateLimit-Remaining")!
    static let rateLimitReset = HTTPField.Name("RateLimit-Reset")!
}
