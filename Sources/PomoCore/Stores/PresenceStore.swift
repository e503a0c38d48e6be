import Foundation

/// Someone in one of the caller's teams (or the caller) who is focusing right now.
public struct FocusingMember: Sendable, Equatable, Codable {
    public var username: String
    @Nullable public var category: String?
    /// The team project they work on; a personal project's name stays private.
    @Nullable public var project: String?
    @Nullable public var endsAt: String?

    enum CodingKeys: String, CodingKey {
        case username, category, project
        case endsAt = "ends_at"
    }

    public init(username: String, category: String?, project: String?, endsAt: String?) {
        self.username = username
        self.category = category
        self.project = project
        self.endsAt = endsAt
    }
}

public protocol PresenceStore: Sendable {
    /// The caller and their active teammates in an open work session (the same rule as the
    /// "focusing now" count), by username.
    func focusingTeammates(of userId: Int64, at now: Date) async throws -> [FocusingMember]
}

/// `GET /api/v1/presence`.
public struct PresenceDTO: Codable, Sendable, Equatable {
    /// Everyone focusing on this server.
    public var count: Int
    public var team: [FocusingMember]

    public init(count: Int, team: [FocusingMember]) {
        self.count = count
        self.team = team
    }
}
