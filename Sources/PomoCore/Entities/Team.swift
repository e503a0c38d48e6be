import Foundation

public struct Team: Sendable, Equatable {
    public var id: Int64
    public var slug: String
    public var name: String
    public var description: String?
    public var requiresApproval: Bool
    public var isActive: Bool
    public var memberCount: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, slug: String, name: String, description: String?, requiresApproval: Bool, isActive: Bool,
        memberCount: Int, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.slug = slug
        self.name = name
        self.description = description
        self.requiresApproval = requiresApproval
        self.isActive = isActive
        self.memberCount = memberCount
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

public enum TeamRole: String, Sendable, Codable {
    case admin
    case member
}

public struct TeamMember: Sendable, Equatable {
    public var id: Int64
    public var userId: Int64
    public var username: String
    public var role: TeamRole
    public var joinedAt: Date

    public init(id: Int64, userId: Int64, username: String, role: TeamRole, joinedAt: Date) {
        self.id = id
        self.userId = userId
        self.username = username
        self.role = role
        self.joinedAt = joinedAt
    }
}

public struct NewTeamProject: Sendable {
    public var name: String
    public var color: String?
    public var slackChannel: String?
    public var webhookURL: String?

    public init(name: String, color: String?, slackChannel: String?, webhookURL: String?) {
        self.name = name
        self.color = color
        self.slackChannel = slackChannel
        self.webhookURL = webhookURL
    }
}

public protocol TeamStore: Sendable {
    /// Creates the team with its creator as its first admin. A taken slug is a `.conflict`.
    func create(slug: String, name: String, description: String?, creatorId: Int64, at now: Date) async throws -> Team
    func list() async throws -> [Team]
    /// The active teams `userId` is an active member of.
    func list(memberId userId: Int64) async throws -> [Team]
    func find(slug: String) async throws -> Team?
    func members(teamId: Int64) async throws -> [TeamMember]
    func role(teamId: Int64, userId: Int64) async throws -> TeamRole?
    /// Adds the user, or changes the role of one already in the team.
    func setMember(teamId: Int64, userId: Int64, role: TeamRole, at now: Date) async throws -> TeamMember
    func removeMember(teamId: Int64, userId: Int64) async throws -> Bool
    func createProject(teamId: Int64, ownerId: Int64, _ project: NewTeamProject, at now: Date) async throws -> Project
    /// The team of a team project; nil for a personal or unknown project.
    func teamId(ofProject projectId: Int64) async throws -> Int64?
    /// The project's active notification webhook URL, if any.
    func webhookURL(projectId: Int64) async throws -> String?
    /// Replaces the project's webhook (nil removes it).
    func setWebhookURL(_ url: String?, projectId: Int64, teamId: Int64, by userId: Int64, at now: Date) async throws
}
