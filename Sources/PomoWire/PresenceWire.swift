import PomoCore

/// Someone focusing now, as `GET /api/v1/presence` lists them: absent fields are `null`.
public struct FocusingMemberDTO: Sendable, Equatable, Codable {
    public var username: String
    @Nullable public var category: String?
    @Nullable public var project: String?
    @Nullable public var endsAt: String?

    enum CodingKeys: String, CodingKey {
        case username, category, project
        case endsAt = "ends_at"
    }

    public init(_ member: FocusingMember) {
        username = member.username
        category = member.category
        project = member.project
        endsAt = member.endsAt
    }
}

/// `GET /api/v1/presence`.
public struct PresenceDTO: Codable, Sendable, Equatable {
    /// Everyone focusing on this server.
    public var count: Int
    public var team: [FocusingMemberDTO]

    public init(count: Int, team: [FocusingMember]) {
        self.count = count
        self.team = team.map(FocusingMemberDTO.init)
    }
}
