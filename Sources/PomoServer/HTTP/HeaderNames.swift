import HTTPTypes

extension HTTPField.Name {
    static let requestId = HTTPField.Name("X-Request-Id")!
    /// The Game's source-tracking header (e.g. `RegardingWork-Mac-v1.0`), sent by other clients too.
    static let appIdentifier = HTTPField.Name("X-App-Identifier")!
}
