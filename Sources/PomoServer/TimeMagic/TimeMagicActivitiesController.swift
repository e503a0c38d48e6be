import Hummingbird
import PomoCore
import PomoWire

/// Time Magic activities: `/api/activities[/:id]`, events `start_tracking` and `stop_tracking`.
struct TimeMagicActivitiesController {
    let services: AppServices

    /// A workflow event instead of a body; the core words a refusal in Time Magic's way.
    static let event: Query<String?> = .text(
        "event", schema: APISchemas.oneOf(ActivityEvent.allCases.map(\.rawValue)), "A workflow event; no body needed")

    @Sendable func list(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let activities = try await services.workspace.activities(for: try context.requireUser().user)
        return JSONBody.response(json: activities.map(TimeMagicActivity.init))
    }

    @Sendable func show(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let activity = try await services.workspace.activity(context.pathId, for: try context.requireUser().user)
        return JSONBody.response(json: TimeMagicActivity(activity))
    }

    @Sendable func create(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let input = try await TimeMagicBody.decode(
            ActivityInput.self, from: request, limit: services.config.maxBodyBytes)
        let activity = try await services.workspace.createActivity(input.changes, for: user)
        return JSONBody.response(status: .created, json: TimeMagicActivity(activity))
    }

    @Sendable func update(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        if let event = Self.event.raw(request) {
            return JSONBody.response(
                json: TimeMagicActivity(
                    try await services.workspace.activityEvent(event, activity: context.pathId, for: user)))
        }
        let input = try await TimeMagicBody.decode(
            ActivityInput.self, from: request, limit: services.config.maxBodyBytes)
        return JSONBody.response(
            json: TimeMagicActivity(
                try await services.workspace.updateActivity(context.pathId, input.changes, for: user)))
    }

    @Sendable func delete(_ request: Request, context: PomoRequestContext) async throws -> Response {
        try await services.workspace.deleteActivity(context.pathId, for: try context.requireUser().user)
        return Response(status: .noContent)
    }
}
