import Hummingbird
import PomoCore
import PomoWire

/// Time Magic tasks: `/api/projects/:project_id/tasks`, `/api/tasks/:id`, `/api/tasks/tracking`,
/// and the workflow events through `PUT|PATCH /api/tasks/:id?event=<name>`.
struct TimeMagicTasksController {
    let services: AppServices

    /// A workflow event instead of a body; the core words a refusal in Time Magic's way.
    static let event: Query<String?> = .text(
        "event", schema: APISchemas.oneOf(TaskEvent.allCases.map(\.rawValue)), "A workflow event; no body needed")

    @Sendable func list(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let tasks = try await services.workspace.tasks(ofProject: context.pathId, for: try context.requireUser().user)
        return JSONBody.response(json: tasks.map(TimeMagicTask.init))
    }

    @Sendable func tracking(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let tasks = try await services.workspace.trackedTasks(for: try context.requireUser().user)
        return JSONBody.response(json: tasks.map(TimeMagicTask.init))
    }

    @Sendable func show(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let task = try await services.workspace.task(context.pathId, for: try context.requireUser().user)
        return JSONBody.response(json: TimeMagicTask(task))
    }

    @Sendable func create(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let input = try await TimeMagicBody.decode(TaskInput.self, from: request, limit: services.config.maxBodyBytes)
        let task = try await services.workspace.createTask(inProject: context.pathId, input.changes, for: user)
        return JSONBody.response(status: .created, json: TimeMagicTask(task))
    }

    /// With `?event=`, a workflow transition and no body; otherwise a field update.
    @Sendable func update(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        if let event = Self.event.raw(request) {
            return JSONBody.response(
                json: TimeMagicTask(try await services.workspace.taskEvent(event, task: context.pathId, for: user)))
        }
        let input = try await TimeMagicBody.decode(TaskInput.self, from: request, limit: services.config.maxBodyBytes)
        return JSONBody.response(
            json: TimeMagicTask(try await services.workspace.updateTask(context.pathId, input.changes, for: user)))
    }

    @Sendable func delete(_ request: Request, context: PomoRequestContext) async throws -> Response {
        try await services.workspace.deleteTask(context.pathId, for: try context.requireUser().user)
        return Response(status: .noContent)
    }
}
