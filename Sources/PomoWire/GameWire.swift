import Foundation
import PomoCore

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

extension GamePomodoroDTO: JSONWritable {
    public func write(to writer: inout JSONWriter) {
        writer.object { json in
            json.key("category")
            json.string(category)
            json.key("date")
            json.string(date)
            json.key("duration")
            json.number(duration)
            json.key("end_time")
            json.string(endTime)
            json.key("id")
            json.number(id)
            json.key("pof_score")
            json.number(Int64(pofScore))
            json.key("points")
            json.number(points)
            json.key("project")
            json.string(project)
            json.key("source")
            json.string(source)
            json.key("start_time")
            json.string(startTime)
            json.key("trustworthiness")
            json.string(trustworthiness)
        }
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

extension GameSubmitResponse: JSONWritable {
    public func write(to writer: inout JSONWriter) {
        writer.object { json in
            if let duplicate {
                json.key("duplicate")
                json.bool(duplicate)
            }
            json.key("message")
            json.string(message)
            json.key("pomodoro")
            pomodoro.write(to: &json)
            json.key("session_id")
            json.string(sessionId)
            json.key("success")
            json.bool(success)
        }
    }
}
