import Hummingbird
import PomoCore
import PomoWire

/// Time Magic goals: `/api/goals[/:id]`, `?project_id=` on the list.
struct TimeMagicGoalsController {
    let services: AppServices

    static let projectId: Query<String?> = .text("project_id", "Only this project's goals")

    @Sendable func list(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let goals = try await services.workspace.goals(
            for: try context.requireUser().user, projectUUID: try Self.projectId.read(request))
        return JSONBody.response(json: goals.map(TimeMagicGoal.init))
    }

    @Sendable func show(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let goal = try await services.workspace.goal(context.pathId, for: try context.requireUser().user)
        return JSONBody.response(json: TimeMagicGoal(goal))
    }

    @Sendable func create(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let input = try await TimeMagicBody.decode(GoalInput.self, from: request, limit: services.config.maxBodyBytes)
        let goal = try await services.workspace.createGoal(input.changes, projectUUID: input.projectUUID, for: user)
        return JSONBody.response(status: .created, json: TimeMagicGoal(goal))
    }

    @Sendable func update(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let input = try await TimeMagicBody.decode(GoalInput.self, from: request, limit: services.config.maxBodyBytes)
        return JSONBody.response(
            json: TimeMagicGoal(try await services.workspace.updateGoal(context.pathId, input.changes, for: user)))
    }

    @Sendable func delete(_ request: Request, context: PomoRequestContext) async throws -> Response {
        try await services.workspace.deleteGoal(context.pathId, for: try context.requireUser().user)
        return Response(status: .noContent)
    }
}
