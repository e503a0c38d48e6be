import Hummingbird
import PomoCore
import PomoWire

/// Time Magic projects: `/api/projects[/:id]`. Under `/api` the list is reached through the
/// Game's `GET /api/projects`, which hands API-key callers to `list`.
struct TimeMagicProjectsController {
    let services: AppServices

    @Sendable func list(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let projects = try await services.workspace.projects(for: try context.requireUser().user)
        return JSONBody.response(json: projects.map(TimeMagicProject.init))
    }

    @Sendable func show(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let project = try await services.workspace.project(context.pathId, for: try context.requireUser().user)
        return JSONBody.response(json: TimeMagicProject(project))
    }

    @Sendable func create(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let input = try await TimeMagicBody.decode(
            ProjectInput.self, from: request, limit: services.config.maxBodyBytes)
        let project = try await services.workspace.createProject(input.changes, for: user)
        return JSONBody.response(status: .created, json: TimeMagicProject(project))
    }

    @Sendable func update(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let input = try await TimeMagicBody.decode(
            ProjectInput.self, from: request, limit: services.config.maxBodyBytes)
        let project = try await services.workspace.updateProject(context.pathId, input.changes, for: user)
        return JSONBody.response(json: TimeMagicProject(project))
    }

    @Sendable func delete(_ request: Request, context: PomoRequestContext) async throws -> Response {
        try await services.workspace.deleteProject(context.pathId, for: try context.requireUser().user)
        return Response(status: .noContent)
    }
}

extension PomoRequestContext {
    /// The `{id}` path parameter (a uuid in Time Magic; anything else simply matches nothing).
    /// Not `id`: that is the request's id (`RequestContext.id`).
    var pathId: String { parameters.get("id") ?? "" }
}
