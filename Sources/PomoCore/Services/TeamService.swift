import Foundation

/// Teams as the Hub shapes them: the server admin creates teams; a team's admins (or the server
/// admin) manage members and team projects.
public struct TeamService: Sendable {
    public let teams: any TeamStore
    public let users: any UserStore
    public let clock: any PomoClock

    public init(teams: any TeamStore, users: any UserStore, clock: any PomoClock) {
        self.teams = teams
        self.users = users
        self.clock = clock
    }

    public func create(slug: String, name: String, description: String?, by user: User) async throws -> Team {
        guard user.role == .admin else { throw AppError.forbidden("Admin role required") }
        let allowed = CharacterSet.lowercaseLetters.union(.decimalDigits).union(CharacterSet(charactersIn: "-"))
        guard (2...50).contains(slug.count), slug.unicodeScalars.allSatisfy({ $0.isASCII && allowed.contains($0) })
        else { throw AppError.validation("slug", "slug must be 2-50 lower-case letters, digits or '-'") }
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(trimmed.count) else { throw AppError.validation("name", "name is required") }
        return try await teams.create(
            slug: slug, name: trimmed, description: description, creatorId: user.id, at: clock.now())
    }

    public func team(slug: String) async throws -> Team {
        guard let team = try await teams.find(slug: slug) else { throw AppError.notFound("Team not found") }
        return team
    }

    public func setMember(slug: String, username: String, role: TeamRole, by user: User) async throws -> TeamMember {
        let team = try await managed(slug, by: user)
        guard let member = try await users.find(login: username) else { throw AppError.notFound("User not found") }
        return try await teams.setMember(teamId: team.id, userId: member.id, role: role, at: clock.now())
    }

    public func removeMember(slug: String, username: String, by user: User) async throws {
        let team = try await managed(slug, by: user)
        guard let member = try await users.find(login: username),
            try await teams.removeMember(teamId: team.id, userId: member.id)
        else { throw AppError.notFound("Not a member of this team") }
    }

    public func createProject(slug: String, _ project: NewTeamProject, by user: User) async throws -> (Project, Team) {
        let team = try await managed(slug, by: user)
        let name = project.name.trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(name.count) else { throw AppError.validation("name", "name is required") }
        if let url = project.webhookURL {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil
            else { throw AppError.validation("webhook_url", "webhook_url must be an http(s) URL") }
        }
        var clean = project
        clean.name = name
        return (try await teams.createProject(teamId: team.id, ownerId: user.id, clean, at: clock.now()), team)
    }

    /// The team, if the user may manage it: a team admin, or the server admin.
    private func managed(_ slug: String, by user: User) async throws -> Team {
        let team = try await team(slug: slug)
        if user.role == .admin { return team }
        guard try await teams.role(teamId: team.id, userId: user.id) == .admin else {
            throw AppError.forbidden("Team admin role required")
        }
        return team
    }
}
