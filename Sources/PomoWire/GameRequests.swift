import Foundation
import PomoCore

/// `POST /api/session/start`: plan a session and start its timer.
public struct GamePlanRequest: Codable, Sendable, Equatable {
    public var sessionId: String
    public var plannedDuration: Double
    public var category: String
    public var project: String?
    public var planningNotes: String?
    public var energyLevel: Int?
    public var source: String

    enum CodingKeys: String, CodingKey {
        case category, project, source
        case sessionId = "session_id"
        case plannedDuration = "planned_duration"
        case planningNotes = "planning_notes"
        case energyLevel = "energy_level"
    }

    public init(
        sessionId: String, plannedDuration: Double, category: String, project: String?, planningNotes: String?,
        energyLevel: Int? = nil, source: String
    ) {
        self.sessionId = sessionId
        self.plannedDuration = plannedDuration
        self.category = category
        self.project = project
        self.planningNotes = planningNotes
        self.energyLevel = energyLevel
        self.source = source
    }
}

/// `POST /api/pomodoro/submit`, all eight documented fields. Kept whole in the CLI's offline
/// queue: replaying it is safe because the server treats a repeat of the same body as a replay.
public struct GameSubmitRequest: Codable, Sendable, Equatable {
    public var startTime: String
    public var endTime: String
    public var duration: Double
    public var category: String
    public var project: String
    public var note: String
    public var source: String
    public var sessionId: String
    /// Pomo's addition: the minutes past the plan were focus too (sent only when true).
    public var keptGoing: Bool?

    enum CodingKeys: String, CodingKey {
        case duration, category, project, note, source
        case startTime = "start_time"
        case endTime = "end_time"
        case sessionId = "session_id"
        case keptGoing = "kept_going"
    }

    public init(
        start: Date, end: Date, duration: Double, category: String, project: String, note: String, source: String,
        sessionId: String, keptGoing: Bool = false
    ) {
        self.keptGoing = keptGoing ? true : nil
        startTime = Timestamp.format(start)
        endTime = Timestamp.format(end)
        self.duration = duration
        self.category = category
        self.project = project
        self.note = note
        self.source = source
        self.sessionId = sessionId
    }
}

/// `POST /api/session/cancel`.
public struct GameCancelRequest: Codable, Sendable, Equatable {
    public var sessionId: String
    public var plannedDuration: Double
    public var elapsedMinutes: Double
    public var reason: String
    public var cancelReasonNote: String?
    public var source: String

    enum CodingKeys: String, CodingKey {
        case reason, source
        case sessionId = "session_id"
        case plannedDuration = "planned_duration"
        case elapsedMinutes = "elapsed_minutes"
        case cancelReasonNote = "cancel_reason_note"
    }

    public init(
        sessionId: String, plannedDuration: Double, elapsedMinutes: Double, reason: String, note: String?,
        source: String
    ) {
        self.sessionId = sessionId
        self.plannedDuration = plannedDuration
        self.elapsedMinutes = elapsedMinutes
        self.reason = reason
        cancelReasonNote = note
        self.source = source
    }
}

/// The answer to a cancel: the partial score.
public struct GameCancelResponse: Codable, Sendable {
    public struct Cancellation: Codable, Sendable {
        public var elapsedMinutes: Double
        public var reason: String
        public var partialPofScore: Int
        public var points: Double
        public var trustworthiness: String

        enum CodingKeys: String, CodingKey {
            case reason, points, trustworthiness
            case elapsedMinutes = "elapsed_minutes"
            case partialPofScore = "partial_pof_score"
        }
    }

    public var cancellation: Cancellation
}
