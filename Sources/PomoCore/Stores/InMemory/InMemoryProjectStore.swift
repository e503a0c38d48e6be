import Foundation

public actor InMemoryProjectStore: ProjectStore {
    private var projects: [Project] = []
    private var members: Set<String> = []

    public init() {}

    /// Test support: teams are created through the team routes.
    public func add(_ project: Project) { projects.append(project) }
    public func addMember(teamId: Int64, userId: Int64) { members.insert("\(teamId)/\(userId)") }

    public func find(id: Int64) -> Project? { projects.first { $0.id == id } }

    public func find(ids: Set<Int64>) -> [Int64: Project] {
        Dictionary(uniqueKeysWithValues: projects.filter { ids.contains($0.id) }.map { ($0.id, $0) })
    }

    public func personal(named name: String, userId: Int64, at now: Date) -> Project {
        if let existing = projects.first(where: { $0.userId == userId && $0.teamId == nil && $0.name == name }) {
            return existing
        }
        let project = Project(
            id: Int64(projects.count + 1), uuid: UUID().uuidString.lowercased(), userId: userId, teamId: nil,
            name: name, createdAt: now)
        projects.append(project)
        return project
    }

    public func existingPersonal(named name: String, userId: Int64) -> Project? {
        projects.first { $0.userId == userId && $0.teamId == nil && $0.name == name }
    }

    public func isTeamMember(teamId: Int64, userId: Int64) -> Bool { members.contains("\(teamId)/\(userId)") }
}
