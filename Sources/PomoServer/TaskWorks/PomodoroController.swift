import Foundation
import Hummingbird
import PomoCore
import PomoWire

/// TaskWorks `/api/v1/pomodoro`: start, read, complete, cancel, evaluate and page through the
/// caller's own sessions, which are the same focus sessions every dialect sees.
struct PomodoroController {
    let services: AppServices
    /// The documented 400 message (TaskWorks' doc is Japanese): "duration_minutes is required and
    /// must be positive".
    static let durationMessage = "duration_minutesは必須で正の値である必要があります"

    struct StartRequest: Decodable {
        var taskId: JSONValue?
        var sessionType: JSONValue?
        var durationMinutes: JSONValue?

        enum CodingKeys: String, CodingKey {
            case taskId = "task_id"
            case sessionType = "session_type"
            case durationMinutes = "duration_minutes"
        }
    }

    /// Pomo's optional body of a complete: `{"kept_going": true}` counts the minutes past the plan.
    struct CompleteRequest: Decodable {
        var keptGoing: Bool?
        /// What was done (a waiting session is submitted with it).
        var note: String?

        enum CodingKeys: String, CodingKey {
            case note
            case keptGoing = "kept_going"
        }
    }

    struct Completed: Codable, Sendable {
        var id: String
        var actual_end_at: String
        var status: String
        var pof_score: Int?
        var points: Double?
        var trustworthiness: String?
    }

    struct Cancelled: Codable, Sendable {
        var id: String
        var status: String
    }

    @Sendable func active(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let session = try await services.focus.active(for: try context.requireUser().user)
        return JSONBody.response(json: Envelope(session.map(PomodoroDTO.init)))
    }

    @Sendable func unsubmitted(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let sessions = try await services.focus.unsubmitted(for: try context.requireUser().user)
        return JSONBody.response(json: Envelope(sessions.map(PomodoroDTO.init)))
    }

    @Sendable func start(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let body = try await JSONBody.decode(StartRequest.self, from: request, limit: services.config.maxBodyBytes)
        guard case .number(let minutes) = body.durationMinutes, minutes > 0 else {
            throw AppError(.validation, Self.durationMessage, field: "duration_minutes")
        }
        let kind: SessionKind
        switch body.sessionType {
        case nil, .null: kind = .work
        case .string(let raw) where SessionKind(rawValue: raw) != nil: kind = SessionKind(rawValue: raw)!
        default: throw AppError.validation("session_type", "session_type must be work, short_break or long_break")
        }
        let taskUUID: String?
        switch body.taskId {
        case nil, .null: taskUUID = nil
        case .string(let id): taskUUID = id
        default: throw AppError.validation("task_id", "task_id must be a string or null")
        }
        let session = try await services.focus.startTimer(
            for: user, kind: kind, minutes: minutes, taskUUID: taskUUID,
            appIdentifier: request.headers[.appIdentifier])
        return JSONBody.response(status: .created, json: Envelope(PomodoroDTO(session)))
    }

    @Sendable func complete(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let body = try await JSONBody.decodeIfPresent(
            CompleteRequest.self, from: request, limit: services.config.maxBodyBytes, empty: CompleteRequest())
        let session = try await services.focus.complete(
            id: try Self.sessionId(context), for: user, keptGoing: body.keptGoing ?? false, note: body.note)
        return JSONBody.response(
            json: Envelope(
                Completed(
                    id: String(session.id), actual_end_at: Timestamp.format(session.endedAt ?? session.updatedAt),
                    status: "completed", pof_score: session.pof?.score, points: session.pof?.points,
                    trustworthiness: session.pof?.trustworthiness.rawValue)))
    }

    @Sendable func cancel(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let session = try await services.focus.cancel(id: try Self.sessionId(context), for: user)
        return JSONBody.response(json: Envelope(Cancelled(id: String(session.id), status: "cancelled")))
    }

    struct EvaluationRequest: Decodable {
        var rating: Int
        var note: String?
    }

    @Sendable func evaluate(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let id = try Self.sessionId(context)
        let body = try await JSONBody.decode(EvaluationRequest.self, from: request, limit: services.config.maxBodyBytes)
        let session = try await services.focus.evaluate(id: id, for: user, rating: body.rating, note: body.note)
        return JSONBody.response(json: Envelope(PomodoroDTO(session)))
    }

    /// Ids are numbers; anything else cannot name a session, so it is simply not found.
    static func sessionId(_ context: PomoRequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id").flatMap(Int64.init) else {
            throw AppError.notFound("Pomodoro session not found")
        }
        return id
    }
}
