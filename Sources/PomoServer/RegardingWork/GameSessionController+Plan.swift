import Foundation
import Hummingbird
import PomoCore

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
        await announce(view, user)
        return JSONBody.response(
            status: .created,
            json: StartResponse(
                sessionId: view.session.uuid, message: "Session started successfully", preSession: PreSession(view)))
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
        await announce(view, user)
        return JSONBody.response(
            status: .created,
            json: StartResponse(sessionId: view.session.uuid, message: "Timer started", preSession: PreSession(view)))
    }

    private func announce(_ view: GameSessionView, _ user: User) async {
        let session = view.session
        await services.notifier.sessionEvent(
            "session.planned",
            text:
                "\(user.username) started \(Self.minutes(session.plannedMinutes ?? 0)) min on \(view.project?.name ?? "")"
                + " (\(session.category ?? "")): \(session.planningNotes ?? "")",
            project: view.project, user: user)
    }

    @Sendable func presession(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let uuid = (context.parameters.get("session_id") ?? "").lowercased()
        let view = try await services.game.session(uuid: uuid, for: user)
        return JSONBody.response(json: PresessionResponse(presession: Presession(view)))
    }

    struct PreSession: Codable, Sendable {
        var id: Int64
        var session_id: String
        var planned_duration: Double
        var category: String
        var project: String?
        var planning_notes: String?
        var goals: String?
        var energy_level: Int?
        var source: String
        var created_at: String

        init(_ view: GameSessionView) {
            let session = view.session
            id = session.id
            session_id = session.uuid
            planned_duration = session.plannedMinutes ?? 0
            category = session.category ?? ""
            project = view.project?.name
            planning_notes = session.planningNotes
            goals = session.goals
            energy_level = session.energyLevel
            source = session.source ?? ""
            created_at = Timestamp.format(session.createdAt)
        }
    }

    struct StartResponse: Codable, Sendable {
        var success = true
        var sessionId: String
        var message: String
        var preSession: PreSession
        var nextSteps = [
            "timer_start": "Start your focus timer now", "completion_endpoint": "/api/pomodoro/submit",
            "cancellation_endpoint": "/api/session/cancel",
        ]

        enum CodingKeys: String, CodingKey {
            case success, message
            case sessionId = "session_id"
            case preSession = "pre_session"
            case nextSteps = "next_steps"
        }
    }

    struct ProjectRef: Codable, Sendable {
        var id: String
        var name: String
        var type: String
    }

    struct Presession: Codable, Sendable {
        var session_id: String
        var status: String
        var category: String
        var planned_duration: Double
        var planning_note: String?
        var project: ProjectRef?
        var started_at: String
        var scheduled_end_at: String?

        init(_ view: GameSessionView) {
            session_id = view.session.uuid
            status = view.session.status.rawValue
            category = view.session.category ?? ""
            planned_duration = view.session.plannedMinutes ?? 0
            planning_note = view.session.planningNotes
            project = view.project.map {
                ProjectRef(id: $0.gameId, name: $0.name, type: $0.teamId == nil ? "personal" : "team")
            }
            started_at = Timestamp.format(view.session.startedAt)
            scheduled_end_at = view.session.scheduledEndAt.map(Timestamp.format)
        }
    }

    struct PresessionResponse: Codable, Sendable {
        var success = true
        var presession: Presession
    }
}
