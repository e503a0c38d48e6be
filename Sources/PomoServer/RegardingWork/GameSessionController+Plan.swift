import Foundation
import Hummingbird
import PomoCore
import PomoWire

extension GameSessionController {
    @Sendable func start(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let body = try await fields(request)
        let appIdentifier = request.headers[.appIdentifier]
        var required = ["session_id", "planned_duration", "category"]
        if !body.has("source") && appIdentifier == nil { required.append("source") }
        try body.require(required)
        let plan = GamePlan(
            sessionId: try body.uuid("session_id")!, plannedMinutes: try body.number("planned_duration")!,
            category: try body.string("category")!, project: try body.projectReference(),
            planningNotes: try body.string("planning_notes", allowEmpty: true),
            goals: try body.string("goals", allowEmpty: true),
            energyLevel: try body.integer("energy_level"), source: try body.source(appIdentifier: appIdentifier)!,
            appVersion: try body.string("app_version") ?? appIdentifier)
        let view = try await services.game.start(plan, for: user)
        return JSONBody.response(
            status: .created,
            json: GameStartResponse(
                sessionId: view.session.uuid, message: "Session started successfully", preSession: GamePreSession(view))
        )
    }

    /// `POST /api/mac_timer_start` and `/api/windows_timer_start`: the legacy plan-and-start call,
    /// `{"category", "duration", "project_id", "note"}`; the server makes the session UUID unless one is sent.
    @Sendable func timerStart(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let body = try await fields(request)
        try body.require(["category", "duration"])
        let windows = request.uri.path.hasSuffix("windows_timer_start")
        let plan = GamePlan(
            sessionId: try body.uuid("session_id") ?? UUID().uuidString.lowercased(),
            plannedMinutes: try body.number("duration")!, category: try body.string("category")!,
            project: try body.projectReference(), planningNotes: try body.string("note", allowEmpty: true), goals: nil,
            energyLevel: nil, source: windows ? "windows_app" : "mac_app", appVersion: request.headers[.appIdentifier])
        let view = try await services.game.start(plan, for: user)
        return JSONBody.response(
            status: .created,
            json: GameStartResponse(
                sessionId: view.session.uuid, message: "Timer started", preSession: GamePreSession(view)))
    }

    @Sendable func presession(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let uuid = (context.parameters.get("session_id") ?? "").lowercased()
        let view = try await services.game.session(uuid: uuid, for: user)
        return JSONBody.response(json: GamePresessionResponse(presession: GamePresession(view)))
    }
}
