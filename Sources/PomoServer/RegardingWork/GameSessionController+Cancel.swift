import Foundation
import Hummingbird
import PomoCore
import PomoWire

extension GameSessionController {
    /// The point of no return: recorded at once, with partial credit, even for an unknown UUID.
    @Sendable func cancel(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let body = try await fields(request)
        try body.require(["session_id", "planned_duration", "elapsed_minutes"])
        let session = try await services.game.cancel(
            GameCancellation(
                sessionId: try body.uuid("session_id")!, plannedMinutes: try body.number("planned_duration")!,
                elapsedMinutes: try body.number("elapsed_minutes")!, reason: try body.string("reason"),
                note: try body.string("cancel_reason_note", allowEmpty: true), category: try body.string("category"),
                source: try body.source(appIdentifier: request.headers[.appIdentifier])),
            for: user)
        return JSONBody.response(
            status: .created,
            json: CancelResponse(cancellationId: String(session.id), cancellation: Cancellation(session)))
    }

    /// `GET /api/pomodoro/{id}`: one session with the factors behind its score.
    @Sendable func detail(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        guard let id = context.parameters.get("id").flatMap(Int64.init) else {
            throw AppError.notFound("Session not found")
        }
        let (session, projectName) = try await services.game.session(id: id, for: user)
        return JSONBody.response(json: DetailResponse(pomodoro: Detail(session, projectName: projectName)))
    }

    struct Cancellation: Codable, Sendable {
        var id: Int64
        var session_id: String
        var planned_duration: Double
        var elapsed_minutes: Double
        var reason: String
        var cancel_reason_note: String?
        var partial_pof_score: Int
        var points: Double
        var trustworthiness: String
        var cancelled_at: String

        init(_ session: FocusSession) {
            id = session.id
            session_id = session.uuid
            planned_duration = session.plannedMinutes ?? 0
            elapsed_minutes = session.durationMinutes ?? 0
            reason = session.cancelReason ?? "user_cancelled"
            cancel_reason_note = session.cancelNote
            partial_pof_score = session.pof?.score ?? 0
            points = session.pof?.points ?? 0
            trustworthiness = session.pof?.trustworthiness.rawValue ?? "Low"
            cancelled_at = Timestamp.format(session.endedAt ?? session.updatedAt)
        }
    }

    struct CancelResponse: Codable, Sendable {
        var success = true
        var cancellationId: String
        var message = "Session cancelled and recorded successfully"
        var cancellation: Cancellation

        enum CodingKeys: String, CodingKey {
            case success, message, cancellation
            case cancellationId = "cancellation_id"
        }
    }

    struct Detail: Encodable, Sendable {
        var base: GamePomodoroDTO
        var sessionUUID: String
        var status: String
        var plannedDuration: Double?
        var pofFactors: PofFactors?

        init(_ session: FocusSession, projectName: String?) {
            base = GamePomodoroDTO(session, projectName: projectName)
            sessionUUID = session.uuid
            status = session.status.rawValue
            plannedDuration = session.plannedMinutes
            pofFactors = session.pof?.factors
        }

        enum CodingKeys: String, CodingKey {
            case status
            case sessionUUID = "session_uuid"
            case plannedDuration = "planned_duration"
            case pofFactors = "pof_factors"
        }

        func encode(to encoder: any Encoder) throws {
            try base.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(sessionUUID, forKey: .sessionUUID)
            try c.encode(status, forKey: .status)
            try c.encode(plannedDuration, forKey: .plannedDuration)
            try c.encode(pofFactors, forKey: .pofFactors)
        }
    }

    struct DetailResponse: Encodable, Sendable {
        var success = true
        var pomodoro: Detail
    }
}
