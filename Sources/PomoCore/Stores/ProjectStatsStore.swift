import Foundation

/// A project with the caller's own totals on it (the Game's `/api/projects` items).
public struct ProjectSummary: Sendable, Equatable {
    public var project: Project
    public var teamName: String?
    public var color: String?
    public var slackChannel: String?
    public var isActive: Bool
    public var sessions: Int
    public var minutes: Double
    public var points: Double
    public var lastUsed: Date?

    public init(
        project: Project, teamName: String?, color: String?, slackChannel: String?, isActive: Bool, sessions: Int,
        minutes: Double, points: Double, lastUsed: Date?
    ) {
        self.project = project
        self.teamName = teamName
        self.color = color
        self.slackChannel = slackChannel
        self.isActive = isActive
        self.sessions = sessions
        self.minutes = minutes
        self.points = points
        self.lastUsed = lastUsed
    }
}

public protocol ProjectStatsStore: Sendable {
    /// The user's personal projects and their teams' projects, with the user's completed work on each.
    func summaries(userId: Int64) async throws -> [ProjectSummary]
}
