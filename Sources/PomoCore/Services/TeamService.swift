import Foundation

/// Teams as the Hub shapes them: the server admin creates teams; a team's admins (or the server
/// admin) manage members and team projects.
public struct TeamService: Sendable {
    public let teams: any TeamStore
    public let users: any UserStore
    public let clock: any PomoClock
    /// Team project webhooks follow the address rule of users' webhooks.
    public let vetter: any WebhookAddressVetter

    public init(teams: any TeamStore, users: any UserStore, vetter: any WebhookAddressVetter, clock: any PomoClock) {
        self.teams = teams
        self.users = users
        self.vetter = vetter
        self.clock = clock
    }

    public func create(slug: String, name: String, description: String?, by user: User) async throws -> Team {
        try TextLimits.checkName(name, field: "name")
        try TextLimits.checkText(description, field: "description")
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

    /// The teams `user` may see: their own, or every team for the server admin.
    public func visibleTeams(to user: User) async throws -> [Team] {
        user.role == .admin ? try await teams.list() : try await teams.list(memberId: user.id)
    }

    /// A team and its members, for its members and the server admin; to anyone else the team
    /// does not exist (its members and their roles are not theirs to read).
    public func teamWithMembers(slug: String, by user: User) async throws -> (Team, [TeamMember]) {
        let team = try await team(slug: slug)
        if user.role != .admin, try await teams.role(teamId: team.id, userId: user.id) == nil {
            throw AppError.notFound("Team not found")
        }
        return (team, try await teams.members(teamId: team.id))
    }

    public func setMember(slug: String, username: String, role: TeamRole, by user: User) async throws -> TeamMember {
        let team = try await managed(slug, by: user)
        // By username only: an email that finds an account would tell a team admin who has one.
        guard let member = try await users.find(login: username), member.username.lowercased() == username.lowercased()
        else { throw AppError.notFound("User not found") }
        if role == .member {
            let members = try await teams.members(teamId: team.id)
            if let current = members.first(where: { $0.userId == member.id }), current.role == .admin {
                try Self.checkAdminMayGo(current, of: members, by: user, leaving: false)
            }
        }
        return try await teams.setMember(teamId: team.id, userId: member.id, role: role, at: clock.now())
    }

    /// A team admin removes a member; any member removes themself (leaves). The team's creator
    /// (its first member) is removed only by the server admin, and the last admin stays.
    public func removeMember(slug: String, username: String, by user: User) async throws {
        let team = try await team(slug: slug)
        let members = try await teams.members(teamId: team.id)
        guard let member = try await users.find(login: username),
            let target = members.first(where: { $0.userId == member.id })
        else {
            _ = try await managed(slug, by: user)
            throw AppError.notFound("Not a member of this team")
        }
        let leaving = member.id == user.id
        if !leaving { _ = try await managed(slug, by: user) }
        try Self.checkAdminMayGo(target, of: members, by: user, leaving: leaving)
        guard try await teams.removeMember(teamId: team.id, userId: member.id) else {
            throw AppError.notFound("Not a member of this team")
        }
    }

    /// Whether `target` may stop being a member or an admin: not the creator by anyone but the
    /// server admin or themself, and never the team's last admin.
    static func checkAdminMayGo(_ target: TeamMember, of members: [TeamMember], by user: User, leaving: Bool) throws {
        if !leaving, user.role != .admin, target.userId == members.first?.userId, target.userId != user.id {
            throw AppError.forbidden("The team's creator can be removed or demoted only by the server admin")
        }
        if target.role == .admin, members.filter({ $0.role == .admin }).count == 1 {
            throw AppError.conflict("A team needs an admin: make another member admin first")
        }
    }

    public func createProject(slug: String, _ project: NewTeamProject, by user: User) async throws -> (Project, Team) {
        let team = try await managed(slug, by: user)
        let name = project.name.trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(name.count) else { throw AppError.validation("name", "name is required") }
        if let url = project.webhookURL { try await checkWebhook(url) }
        try TextLimits.checkName(project.color, field: "color")
        try TextLimits.checkName(project.slackChannel, field: "slack_channel")
        var clean = project
        clean.name = name
        return (try await teams.createProject(teamId: team.id, ownerId: user.id, clean, at: clock.now()), team)
    }

    /// A team project's webhook URL: the team's admins (and the server admin) see and change it,
    /// other members get 403, and anyone else learns nothing (404).
    public func webhookURL(projectId: Int64, by user: User) async throws -> String? {
        try await teams.webhookURL(projectId: try await managedProject(projectId, by: user))
    }

    public func setWebhookURL(_ url: String?, projectId: Int64, by user: User) async throws {
        let teamId = try await teams.teamId(ofProject: try await managedProject(projectId, by: user))!
        let trimmed = url?.trimmingCharacters(in: .whitespaces)
        let clean = trimmed?.isEmpty == false ? trimmed : nil
        if let clean { try await checkWebhook(clean) }
        try await teams.setWebhookURL(clean, projectId: projectId, teamId: teamId, by: user.id, at: clock.now())
    }

    func checkWebhook(_ url: String) async throws {
        _ = try await vetter.check(url, field: "webhook_url", refusedAs: .validation)
    }

    private func managedProject(_ projectId: Int64, by user: User) async throws -> Int64 {
        guard let teamId = try await teams.teamId(ofProject: projectId),
            let role = try await teams.role(teamId: teamId, userId: user.id) ?? (user.role == .admin ? .member : nil)
        else { throw AppError.notFound("Project not found") }
        guard role == .admin || user.role == .admin else { throw AppError.forbidden("Team admin role required") }
        return projectId
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
