import Foundation
import Hummingbird
import PomoCore
import PomoWire

/// The Game's focus-session flow: plan (`session/start`, the legacy timer starts), submit,
/// cancel, read a plan back, and the live "people focusing" count.
struct GameSessionController {
    let services: AppServices

    func fields(_ request: Request) async throws -> GameFields {
        try await GameFields.read(request, limit: services.config.maxBodyBytes)
    }

    @Sendable func submit(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let body = try await fields(request)
        if body.has("notes") && !body.has("note") {
            throw AppError.validation("note", #"Use "note", not "notes""#)
        }
        let appIdentifier = request.headers[.appIdentifier]
        var required = ["start_time", "end_time", "duration", "category", "note", "session_id"]
        if !body.has("project") && !body.has("project_id") { required.insert("project", at: 4) }
        if !body.has("source") && appIdentifier == nil { required.append("source") }
        try body.require(required)
        let submission = GameSubmission(
            start: try body.date("start_time")!, end: try body.date("end_time")!,
            durationMinutes: try body.number("duration")!, category: try body.string("category")!,
            project: try body.projectReference()!, note: try body.string("note", allowEmpty: true)!,
            source: try body.source(appIdentifier: appIdentifier)!, sessionId: try body.uuid("session_id")!,
            keptGoing: try body.bool("kept_going") ?? false)
        let view = try await services.game.submit(submission, appVersion: appIdentifier, for: user)
        return JSONBody.response(
            status: view.duplicate ? .ok : .created,
            json: GameSubmitResponse(
                pomodoro: GamePomodoroDTO(view.session, projectName: view.project?.name), duplicate: view.duplicate))
    }

    @Sendable func focusingNow(_ request: Request, context: PomoRequestContext) async throws -> Response {
        JSONBody.response(json: ["count": try await services.game.focusingNow()])
    }
}
