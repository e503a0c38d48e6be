import Foundation

/// A project: personal (a user's own) or a team's. The Game names them `personal_N` / `team_N`,
/// Time Magic by uuid.
public struct Project: Sendable, Equatable {
    public var id: Int64
    public var uuid: String
    public var userId: Int64
    public var teamId: Int64?
    public var name: String
    public var description: String?
    public var projectType: ProjectType
    public var rateCents: Int64?
    public var rateCurrency: String?
    /// Time Magic's `allow_parallel_tasks`: switching to a task of this project leaves the
    /// project's other tracked task running.
    public var allowParallelTasks: Bool
    /// Time Magic's `working_hours_per_day`, which an estimation's roadmap needs.
    public var workingHoursPerDay: Double?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, uuid: String, userId: Int64, teamId: Int64?, name: String, description: String? = nil,
        projectType: ProjectType = .other, rateCents: Int64? = nil, rateCurrency: String? = nil,
        allowParallelTasks: Bool = false, workingHoursPerDay: Double? = nil, createdAt: Date, updatedAt: Date? = nil
    ) {
        self.id = id
        self.uuid = uuid
        self.userId = userId
        self.teamId = teamId
        self.name = name
        self.description = description
        self.projectType = projectType
        self.rateCents = rateCents
        self.rateCurrency = rateCurrency
        self.allowParallelTasks = allowParallelTasks
        self.workingHoursPerDay = workingHoursPerDay
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    public var gameId: String { teamId == nil ? "personal_\(id)" : "team_\(id)" }
}

/// Time Magic's project types (the seed lists two; the maintainer's guide all five).
public enum ProjectType: String, Sendable, CaseIterable, Codable {
    case techStartup = "tech_startup"
    case creator
    case salary
    case other
    case outsource
}

/// The fields a Time Magic client sets on a project; on update, only the ones it sent.
public struct ProjectChanges: Sendable, Equatable {
    public var name: Patch<String> = .unchanged
    public var description: Patch<String> = .unchanged
    public var projectType: Patch<String> = .unchanged
    public var rateCents: Patch<Int64> = .unchanged
    public var rateCurrency: Patch<String> = .unchanged
    public var allowParallelTasks: Patch<Bool> = .unchanged
    public var workingHoursPerDay: Patch<Double> = .unchanged

    public init() {}
}

public protocol ProjectStore: Sendable {
    func find(id: Int64) async throws -> Project?
    /// The projects with these ids, by id, in one read: a page of sessions names several.
    /// Unknown ids are left out.
    func find(ids: Set<Int64>) async throws -> [Int64: Project]
    /// The user's personal project with this name (exact, case-sensitive), created if missing.
    func personal(named name: String, userId: Int64, at now: Date) async throws -> Project
    /// The user's personal project with this name, if there is one (nothing is created).
    func existingPersonal(named name: String, userId: Int64) async throws -> Project?
    func isTeamMember(teamId: Int64, userId: Int64) async throws -> Bool
}
