import Foundation
import PomoCore

/// The Game's plan answers: `session/start` (and the legacy timer starts) and `get_presession`.
public struct GamePreSession: Codable, Sendable {
    public var id: Int64
    public var session_id: String
    public var planned_duration: Double
    public var category: String
    public var project: String?
    public var planning_notes: String?
    public var goals: String?
    public var energy_level: Int?
    public var source: String
    public var created_at: String

    public init(_ view: GameSessionView) {
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

public struct GameStartResponse: Codable, Sendable {
    public var success = true
    public var sessionId: String
    public var message: String
    public var preSession: GamePreSession
    public var nextSteps = [
        "timer_start": "Start your focus timer now", "completion_endpoint": "/api/pomodoro/submit",
        "cancellation_endpoint": "/api/session/cancel",
    ]

    public init(sessionId: String, message: String, preSession: GamePreSession) {
        self.sessionId = sessionId
        self.message = message
        self.preSession = preSession
    }

    enum CodingKeys: String, CodingKey {
        case success, message
        case sessionId = "session_id"
        case preSession = "pre_session"
        case nextSteps = "next_steps"
    }
}

public struct GameProjectRef: Codable, Sendable {
    public var id: String
    public var name: String
    public var type: String
}

public struct GamePresession: Codable, Sendable {
    public var session_id: String
    public var status: String
    public var category: String
    public var planned_duration: Double
    public var planning_note: String?
    public var project: GameProjectRef?
    public var started_at: String
    public var scheduled_end_at: String?

    public init(_ view: GameSessionView) {
        session_id = view.session.uuid
        status = view.session.status.rawValue
        category = view.session.category ?? ""
        planned_duration = view.session.plannedMinutes ?? 0
        planning_note = view.session.planningNotes
        project = view.project.map {
            GameProjectRef(id: $0.gameId, name: $0.name, type: $0.teamId == nil ? "personal" : "team")
        }
        started_at = Timestamp.format(view.session.startedAt)
        scheduled_end_at = view.session.scheduledEndAt.map(Timestamp.format)
    }
}

public struct GamePresessionResponse: Codable, Sendable {
    public var success = true
    public var presession: GamePresession

    public init(presession: GamePresession) { self.presession = presession }
}
