import Foundation
import Hummingbird
import PomoCore
import PomoWire

/// The Game's project listings: `GET /api/projects`, `/api/all-projects`, `/api/team-projects`
/// and `/api/team-projects/{id}`, each item with the caller's own totals.
struct GameProjectsController {
    let services: AppServices
    /// Whether this is `GET /api/projects`, where an API-key caller gets Time Magic's list (DESIGN.md).
    var sharedWithTimeMagic = false

    enum ListType: String, CaseIterable, Sendable {
        case all, personal, team
    }

    enum Sort: String, CaseIterable, Sendable {
        case recent, name, sessions
    }

    static let type: Query<ListType> = .oneOf("type", default: .all)
    static let sort: Query<Sort> = .oneOf("sort", default: .recent)
    static let includeInactive: Query<Bool> = .flag("include_inactive", default: false)
    static let query: [any DocumentedQuery] = [type, sort, includeInactive]

    static func json(_ summary: ProjectSummary) -> [String: JSONValue] {
        let project = summary.project
        var item: [String: JSONValue] = [
            "id": .string(project.gameId), "name": .string(project.name),
            "type": .string(project.teamId == nil ? "personal" : "team"),
            "color": summary.color.map(JSONValue.string) ?? .null, "pomodoro_count": .number(Double(summary.sessions)),
            "total_duration": .number(summary.minutes.rounded()),
            "total_points": .number((summary.points * 10).rounded() / 10),
            "created_at": .string(Timestamp.format(project.createdAt)),
            "last_used": summary.lastUsed.map { .string(Timestamp.format($0)) } ?? .null,
            "is_active": .bool(summary.isActive),
        ]
        if let team = project.teamId {
            item["team_id"] = .number(Double(team))
            item["team_name"] = summary.teamName.map(JSONValue.string) ?? .null
            item["slack_channel"] = summary.slackChannel.map(JSONValue.string) ?? .null
        }
        return item
    }

    @Sendable func projects(_ request: Request, context: PomoRequestContext) async throws -> Response {
        // An API key, good or bad, is a Time Magic client: a refused one gets Time Magic's 401.
        if sharedWithTimeMagic {
            switch context.auth {
            case .authenticated(let principal) where principal.method.kind == .apiKey:
                return await timeMagicList(request, context: context)
            case .rejected(.apiKey):
                return await timeMagicList(request, context: context)
            default: break
            }
        }
        let user = try context.requireUser().user
        let type = try Self.type.read(request)
        let includeInactive = try Self.includeInactive.read(request)
        let sort = try Self.sort.read(request)
        let all = try await services.projectStats.summaries(userId: user.id)
        let listed = Self.sorted(
            all.filter {
                (includeInactive || $0.isActive) && (type == .all || ($0.project.teamId != nil) == (type == .team))
            },
            by: sort)
        let summary: [String: JSONValue] = [
            "total_projects": .number(Double(all.count)),
            "personal_projects": .number(Double(all.filter { $0.project.teamId == nil }.count)),
            "team_projects": .number(Double(all.filter { $0.project.teamId != nil }.count)),
            "active_projects": .number(Double(all.filter(\.isActive).count)),
        ]
        return JSONBody.response(
            json: ["projects": JSONValue.array(listed.map { .object(Self.json($0)) }), "summary": .object(summary)])
    }

    @Sendable func teamProjects(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let teams = try await services.projectStats.summaries(userId: user.id).filter { $0.project.teamId != nil }
        return JSONBody.response(json: ["projects": JSONValue.array(teams.map { .object(Self.json($0)) })])
    }

    @Sendable func teamProject(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let project = try await services.game.teamProject(id: try TeamsController.teamProjectId(context), for: user)
        guard
            let summary = try await services.projectStats.summaries(userId: user.id).first(where: {
                $0.project.id == project.id
            })
        else { throw AppError.notFound("Project not found") }
        return JSONBody.response(json: ["success": JSONValue.bool(true), "project": .object(Self.json(summary))])
    }

    /// Time Magic's project list behind its gate, for an API-key caller of `GET /api/projects`.
    private func timeMagicList(_ request: Request, context: PomoRequestContext) async -> Response {
        await TimeMagicGate.respond(request, context: context, services: services) { request, context in
            try await TimeMagicProjectsController(services: services).list(request, context: context)
        }
    }

    static func sorted(_ items: [ProjectSummary], by sort: Sort) -> [ProjectSummary] {
        switch sort {
        case .name: items.sorted { $0.project.name.lowercased() < $1.project.name.lowercased() }
        case .sessions: items.sorted { ($0.sessions, $1.project.id) > ($1.sessions, $0.project.id) }
        case .recent:
            items.sorted {
                ($0.lastUsed ?? .distantPast, $0.project.createdAt) > (
                    $1.lastUsed ?? .distantPast, $1.project.createdAt
                )
            }
        }
    }
}
