import Foundation
import Hummingbird
import PomoCore
import PomoWire

/// Hub-shaped teams: `GET|POST /api/teams`, `GET /api/teams/{slug}`, membership, and
/// `POST /api/team-projects`.
struct TeamsController {
    let services: AppServices

    static func json(_ team: Team) -> JSONValue {
        .object([
            "id": .number(Double(team.id)), "name": .string(team.name), "slug": .string(team.slug),
            "description": team.description.map(JSONValue.string) ?? .null,
            "member_count": .number(Double(team.memberCount)), "requires_approval": .bool(team.requiresApproval),
            "is_active": .bool(team.isActive), "created_at": .string(Timestamp.format(team.createdAt)),
            "updated_at": .string(Timestamp.format(team.updatedAt)),
        ])
    }

    static func json(_ member: TeamMember) -> JSONValue {
        .object([
            "id": .number(Double(member.id)), "user_id": .number(Double(member.userId)),
            "username": .string(member.username), "role": .string(member.role.rawValue), "status": "active",
            "joined_at": .string(Timestamp.format(member.joinedAt)),
        ])
    }

    /// The `/api/projects` team shape; a new project has no sessions yet.
    static func json(_ project: Project, team: Team, color: String?, slackChannel: String?) -> JSONValue {
        .object([
            "id": .string(project.gameId), "name": .string(project.name), "type": "team",
            "team_id": .number(Double(team.id)), "team_name": .string(team.name),
            "color": color.map(JSONValue.string) ?? .null, "pomodoro_count": .number(0), "total_duration": .number(0),
            "total_points": .number(0), "created_at": .string(Timestamp.format(project.createdAt)), "last_used": .null,
            "is_active": .bool(true), "slack_channel": slackChannel.map(JSONValue.string) ?? .null,
        ])
    }

    @Sendable func list(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let teams = try await services.teams.visibleTeams(to: try context.requireUser().user)
        return JSONBody.response(json: ["teams": JSONValue.array(teams.map(Self.json))])
    }

    @Sendable func create(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let body = try await GameFields.read(request, limit: services.config.maxBodyBytes)
        try body.require(["name", "slug"])
        let team = try await services.teams.create(
            slug: try body.string("slug")!, name: try body.string("name")!,
            description: try body.string("description", allowEmpty: true), by: user)
        return JSONBody.response(status: .created, json: Self.json(team))
    }

    @Sendable func show(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let (team, members) = try await services.teams.teamWithMembers(
            slug: context.parameters.get("slug") ?? "", by: try context.requireUser().user)
        guard case .object(var body) = Self.json(team) else { throw AppError(.internalError, "team shape") }
        body["members"] = .array(members.map(Self.json))
        return JSONBody.response(json: body)
    }

    @Sendable func addMember(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let body = try await GameFields.read(request, limit: services.config.maxBodyBytes)
        try body.require(["username"])
        let roleName = try body.string("role") ?? "member"
        guard let role = TeamRole(rawValue: roleName) else {
            throw AppError.validation("role", "role must be admin or member")
        }
        let member = try await services.teams.setMember(
            slug: context.parameters.get("slug") ?? "", username: try body.string("username")!, role: role, by: user)
        return JSONBody.response(status: .created, json: Self.json(member))
    }

    @Sendable func removeMember(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        try await services.teams.removeMember(
            slug: context.parameters.get("slug") ?? "", username: context.parameters.get("username") ?? "", by: user)
        return JSONBody.response(json: ["success": JSONValue.bool(true), "message": "Member removed"])
    }

    @Sendable func createProject(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let body = try await GameFields.read(request, limit: services.config.maxBodyBytes)
        try body.require(["team", "name"])
        let new = NewTeamProject(
            name: try body.string("name")!, color: try body.string("color"),
            slackChannel: try body.string("slack_channel"),
            webhookURL: try body.string("webhook_url"))
        let (project, team) = try await services.teams.createProject(slug: try body.string("team")!, new, by: user)
        return JSONBody.response(
            status: .created, json: Self.json(project, team: team, color: new.color, slackChannel: new.slackChannel))
    }

    /// `GET /api/team-projects/{id}/webhook` (Pomo's addition): the team admin's view of where
    /// the project's notifications go.
    @Sendable func webhook(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let id = try Self.teamProjectId(context)
        let url = try await services.teams.webhookURL(projectId: id, by: user)
        return Self.webhookResponse(id, url)
    }

    /// `PUT /api/team-projects/{id}/webhook` `{"webhook_url": "https://..." | null}`; null or ""
    /// removes it.
    @Sendable func setWebhook(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let id = try Self.teamProjectId(context)
        let body = try await GameFields.read(request, limit: services.config.maxBodyBytes)
        guard body.body.keys.contains("webhook_url") else { throw AppError.missing(["webhook_url"]) }
        let url = try body.string("webhook_url", allowEmpty: true)
        try await services.teams.setWebhookURL(url, projectId: id, by: user)
        return Self.webhookResponse(id, try await services.teams.webhookURL(projectId: id, by: user))
    }

    static func teamProjectId(_ context: PomoRequestContext) throws -> Int64 {
        let raw = context.parameters.get("id") ?? ""
        guard let id = Int64(raw.hasPrefix("team_") ? String(raw.dropFirst(5)) : raw) else {
            throw AppError.notFound("Project not found")
        }
        return id
    }

    static func webhookResponse(_ id: Int64, _ url: String?) -> Response {
        JSONBody.response(json: [
            "project_id": JSONValue.string("team_\(id)"), "webhook_url": url.map(JSONValue.string) ?? .null,
        ])
    }
}
