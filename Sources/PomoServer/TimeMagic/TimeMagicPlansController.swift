import Hummingbird
import PomoCore
import PomoWire

/// Time Magic estimations (`/api/projects/:project_id/estimations`, `/api/estimations/:id`, and
/// `?event=calculate_roadmap`) and reports (`/api/projects/:project_id/reports`,
/// `/api/reports/:id`), as the maintainer's guide gives them.
struct TimeMagicPlansController {
    let services: AppServices

    /// The one estimation event; any other is a 422 naming `event`.
    static let event: Query<String?> = .text(
        "event", schema: APISchemas.oneOf(["calculate_roadmap"]), "`calculate_roadmap`; no body needed")

    // MARK: Estimations

    @Sendable func estimations(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let list = try await services.workspace.estimations(
            ofProject: context.pathId, for: try context.requireUser().user)
        return JSONBody.response(json: list.map(TimeMagicEstimation.init))
    }

    @Sendable func estimation(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let estimation = try await services.workspace.estimation(context.pathId, for: try context.requireUser().user)
        return JSONBody.response(json: TimeMagicEstimation(estimation))
    }

    @Sendable func createEstimation(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let input = try await TimeMagicBody.decode(
            EstimationInput.self, from: request, limit: services.config.maxBodyBytes)
        let estimation = try await services.workspace.createEstimation(
            inProject: context.pathId, input.changes, for: user)
        return JSONBody.response(status: .created, json: TimeMagicEstimation(estimation))
    }

    /// With `?event=`, the roadmap is calculated and no body is read; otherwise a field update.
    @Sendable func updateEstimation(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        if let event = Self.event.raw(request) {
            return JSONBody.response(
                json: TimeMagicEstimation(
                    try await services.workspace.estimationEvent(event, estimation: context.pathId, for: user)))
        }
        let input = try await TimeMagicBody.decode(
            EstimationInput.self, from: request, limit: services.config.maxBodyBytes)
        return JSONBody.response(
            json: TimeMagicEstimation(
                try await services.workspace.updateEstimation(context.pathId, input.changes, for: user)))
    }

    @Sendable func deleteEstimation(_ request: Request, context: PomoRequestContext) async throws -> Response {
        try await services.workspace.deleteEstimation(context.pathId, for: try context.requireUser().user)
        return Response(status: .noContent)
    }

    // MARK: Reports

    @Sendable func reports(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let list = try await services.workspace.reports(ofProject: context.pathId, for: try context.requireUser().user)
        return JSONBody.response(json: list.map(TimeMagicReport.init))
    }

    @Sendable func report(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let report = try await services.workspace.report(context.pathId, for: try context.requireUser().user)
        return JSONBody.response(json: TimeMagicReport(report))
    }

    @Sendable func createReport(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let input = try await TimeMagicBody.decode(ReportInput.self, from: request, limit: services.config.maxBodyBytes)
        let report = try await services.workspace.createReport(inProject: context.pathId, input.changes, for: user)
        return JSONBody.response(status: .created, json: TimeMagicReport(report))
    }

    @Sendable func updateReport(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let input = try await TimeMagicBody.decode(ReportInput.self, from: request, limit: services.config.maxBodyBytes)
        return JSONBody.response(
            json: TimeMagicReport(try await services.workspace.updateReport(context.pathId, input.changes, for: user)))
    }

    @Sendable func deleteReport(_ request: Request, context: PomoRequestContext) async throws -> Response {
        try await services.workspace.deleteReport(context.pathId, for: try context.requireUser().user)
        return Response(status: .noContent)
    }
}
