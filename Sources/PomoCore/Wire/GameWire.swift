import Foundation

/// The `pomodoro` object of a Game submit answer, with every documented key.
public struct GamePomodoroDTO: Codable, Sendable, Equatable {
    public var id: Int64
    public var duration: Double
    public var category: String
    public var project: String
    public var source: String
    public var startTime: String
    public var endTime: String
    public var points: Double
    public var date: String
    public var pofScore: Int
    public var trustworthiness: String

    enum CodingKeys: String, CodingKey {
        case id, duration, category, project, source, points, date, trustworthiness
        case startTime = "start_time"
        case endTime = "end_time"
        case pofScore = "pof_score"
    }

    public init(_ session: FocusSession, projectName: String?) {
        id = session.id
        duration = session.durationMinutes ?? 0
        category = session.category ?? ""
        project = projectName ?? ""
        source = session.source ?? ""
        startTime = Timestamp.format(session.startedAt)
        endTime = Timestamp.format(session.endedAt ?? session.startedAt)
        points = session.pof?.points ?? 0
        date = session.localDate
        pofScore = session.pof?.score ?? 0
        trustworthiness = session.pof?.trustworthiness.rawValue ?? Trustworthiness.low.rawValue
    }
}

/// `POST /api/pomodoro/submit` → 201 (or 200 with `duplicate: true` for a replay).
public struct GameSubmitResponse: Codable, Sendable {
    public var success = true
    public var sessionId: String
    public var message = "Pomodoro session logged successfully"
    public var pomodoro: GamePomodoroDTO
    public var duplicate: Bool?

    enum CodingKeys: String, CodingKey {
        case success, message, pomodoro, duplicate
        case sessionId = "session_id"
    }

    public init(pomodoro: GamePomodoroDTO, duplicate: Bool) {
        sessionId = String(pomodoro.id)
        self.pomodoro = pomodoro
        self.duplicate = duplicate ? true : nil
    }
}
