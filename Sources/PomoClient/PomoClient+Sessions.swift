import Foundation
import PomoCore
import PomoWire

/// The focus session flow: plan and start (Game), read the active one (TaskWorks, whoever
/// started it), submit or cancel a work session (Game), complete or cancel a break (TaskWorks).
extension PomoClient {
    public static let source = "pomo_cli"

    public func plan(_ plan: GamePlanRequest) async throws -> GameStartResponse {
        try await send("POST", "api/session/start", body: plan)
    }

    /// The caller's running session, from any client; nil when there is none.
    public func active() async throws -> PomodoroDTO? {
        let envelope: Envelope<PomodoroDTO?> = try await send("GET", "api/v1/pomodoro")
        return envelope.data
    }

    public func presession(uuid: String) async throws -> GamePresession {
        let response: GamePresessionResponse = try await send("GET", "api/get_presession/\(uuid)")
        return response.presession
    }

    public func submit(_ submission: GameSubmitRequest) async throws -> GameSubmitResponse {
        try await send("POST", "api/pomodoro/submit", body: submission)
    }

    public func cancel(_ cancellation: GameCancelRequest) async throws -> GameCancelResponse {
        try await send("POST", "api/session/cancel", body: cancellation)
    }

    /// Starts a TaskWorks session: a break, or work on a task.
    public func startPomodoro(type: String, minutes: Int, taskId: String? = nil) async throws -> PomodoroDTO {
        struct Start: Encodable {
            var session_type: String
            var duration_minutes: Int
            var task_id: String?
        }
        let envelope: Envelope<PomodoroDTO> = try await send(
            "POST", "api/v1/pomodoro", body: Start(session_type: type, duration_minutes: minutes, task_id: taskId))
        return envelope.data
    }

    /// Completes a session (a running one, or one waiting to be submitted); `keptGoing` counts
    /// the minutes past its plan as focus too.
    public func completePomodoro(id: String, keptGoing: Bool = false, note: String? = nil) async throws -> PomodoroDTO {
        struct Body: Encodable {
            var kept_going: Bool?
            var note: String?
        }
        let body = Body(kept_going: keptGoing ? true : nil, note: note?.isEmpty == false ? note : nil)
        let envelope: Envelope<PomodoroDTO> =
            body.kept_going == nil && body.note == nil
            ? try await send("POST", "api/v1/pomodoro/\(id)/complete")
            : try await send("POST", "api/v1/pomodoro/\(id)/complete", body: body)
        return envelope.data
    }

    /// Work sessions nobody ended, newest first, waiting to be completed or cancelled.
    public func unsubmitted() async throws -> [PomodoroDTO] {
        let envelope: Envelope<[PomodoroDTO]> = try await send("GET", "api/v1/pomodoro/unsubmitted")
        return envelope.data
    }

    public func cancelPomodoro(id: String) async throws {
        struct Cancelled: Codable, Sendable { var id: String }
        let _: Envelope<Cancelled> = try await send("DELETE", "api/v1/pomodoro/\(id)/cancel")
    }
}
