import Foundation

/// A project: personal (a user's own) or a team's. The Game names them `personal_N` / `team_N`,
/// Time Magic by uuid.
public struct Project: Sendable, Equatable {
    public var id: Int64
    public var uuid: String
    public var userId: Int64
    public var teamId: Int64?
    public var name: String
    public var createdAt: Date

    public init(id: Int64, uuid: String, userId: Int64, teamId: Int64?, name: String, createdAt: Date) {
        self.id = id
        self.uuid = uuid
        self.userId = userId
        self.teamId = teamId
        self.name = name
        self.createdAt = createdAt
    }

    public var gameId: String { teamId == nil ? "personal_\(id)" : "team_\(id)" }
}

public protocol ProjectStore: Sendable {
    func find(id: Int64) async throws -> Project?
    /// The user's personal project with this name (exact, case-sensitive), created if missing.
    func personal(named name: String, userId: Int64, at now: Date) async throws -> Project
    func isTeamMember(teamId: Int64, userId: Int64) async throws -> Bool
}
