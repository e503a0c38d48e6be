import Foundation
import PomoCore

/// TaskWorks' success envelope: `{"data": ..., "error": null}`.
public struct Envelope<Payload: Codable & Sendable>: Codable, Sendable {
    public var data: Payload
    public var error: String?

    public init(_ data: Payload) {
        self.data = data
        error = nil
    }

    enum CodingKeys: String, CodingKey { case data, error }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(data, forKey: .data)
        try c.encodeNil(forKey: .error)
    }
}

/// `GET /api/v1/auth/me`.
public struct TaskWorksMe: Codable, Sendable, Equatable {
    public var id: String
    public var userId: String
    public var email: String
    public var name: String
    public var username: String
    public var role: String
    public var timezone: String

    public init(_ user: User) {
        id = String(user.id)
        userId = String(user.id)
        email = user.email
        name = user.username
        username = user.username
        role = user.role.rawValue
        timezone = user.timezone
    }
}

/// An API key as listed; `token` is present only in the response that creates it.
public struct ApiKeyDTO: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var prefix: String
    public var token: String?
    public var createdAt: String

    enum CodingKeys: String, CodingKey {
        case id, name, prefix, token
        case createdAt = "created_at"
    }

    public init(_ key: ApiKey, token: String? = nil) {
        id = String(key.id)
        name = key.name
        prefix = key.prefix
        self.token = token
        createdAt = Timestamp.format(key.createdAt)
    }
}

/// A pomodoro session as TaskWorks shows it. Game-only states read as TaskWorks' three:
/// planned reads as active, expired as cancelled.
public struct PomodoroDTO: Codable, Sendable, Equatable {
    public var id: String
    public var userId: String
    public var taskId: String?
    public var sessionType: String
    public var durationMinutes: Double
    public var startedAt: String
    public var scheduledEndAt: String
    public var actualEndAt: String?
    public var status: String
    public var notificationSent: Bool
    public var evaluationSubmitted: Bool
    public var createdAt: String
    public var updatedAt: String
    // Pomo's additions: the client session UUID (the Game's `session_id`, for its plan, submit
    // and cancel calls) and the Proof-of-Focus result of a finished work session.
    public var sessionUUID: String?
    public var pofScore: Int?
    public var points: Double?
    public var trustworthiness: String?

    enum CodingKeys: String, CodingKey {
        case id, status, points, trustworthiness
        case userId = "user_id"
        case taskId = "task_id"
        case sessionType = "session_type"
        case durationMinutes = "duration_minutes"
        case startedAt = "started_at"
        case scheduledEndAt = "scheduled_end_at"
        case actualEndAt = "actual_end_at"
        case notificationSent = "notification_sent"
        case evaluationSubmitted = "evaluation_submitted"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case pofScore = "pof_score"
        case sessionUUID = "session_uuid"
    }

    public init(_ session: FocusSession) {
        id = String(session.id)
        sessionUUID = session.uuid
        userId = String(session.userId)
        taskId = session.taskUUID
        sessionType = session.kind.rawValue
        durationMinutes = session.plannedMinutes ?? session.durationMinutes ?? 0
        startedAt = Timestamp.format(session.startedAt)
        scheduledEndAt = Timestamp.format(
            session.scheduledEndAt ?? session.startedAt.addingTimeInterval(durationMinutes * 60))
        actualEndAt = session.endedAt.map(Timestamp.format)
        status = Self.status(session.status)
        notificationSent = session.notificationSent
        evaluationSubmitted = session.evaluationSubmitted
        createdAt = Timestamp.format(session.createdAt)
        updatedAt = Timestamp.format(session.updatedAt)
        pofScore = session.pof?.score
        points = session.pof?.points
        trustworthiness = session.pof?.trustworthiness.rawValue
    }

    static func status(_ status: SessionStatus) -> String {
        switch status {
        case .planned, .active: "active"
        case .completed: "completed"
        case .cancelled, .expired: "cancelled"
        }
    }

    /// `task_id` and `actual_end_at` are always present, as `null` when empty.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(userId, forKey: .userId)
        try c.encode(taskId, forKey: .taskId)
        try c.encode(sessionType, forKey: .sessionType)
        try c.encode(durationMinutes, forKey: .durationMinutes)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encode(scheduledEndAt, forKey: .scheduledEndAt)
        try c.encode(actualEndAt, forKey: .actualEndAt)
        try c.encode(status, forKey: .status)
        try c.encode(notificationSent, forKey: .notificationSent)
        try c.encode(evaluationSubmitted, forKey: .evaluationSubmitted)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encodeIfPresent(sessionUUID, forKey: .sessionUUID)
        try c.encodeIfPresent(pofScore, forKey: .pofScore)
        try c.encodeIfPresent(points, forKey: .points)
        try c.encodeIfPresent(trustworthiness, forKey: .trustworthiness)
    }
}

/// A page of a cursor-paginated list.
public struct Page<Item: Codable & Sendable>: Codable, Sendable {
    public var items: [Item]
    public var nextCursor: String?
    public var hasMore: Bool

    public init(items: [Item], nextCursor: String?, hasMore: Bool) {
        self.items = items
        self.nextCursor = nextCursor
        self.hasMore = hasMore
    }

    enum CodingKeys: String, CodingKey { case items, nextCursor, hasMore }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(items, forKey: .items)
        try c.encode(nextCursor, forKey: .nextCursor)
        try c.encode(hasMore, forKey: .hasMore)
    }
}

/// An item of `GET /api/v1/tasks/today`, as the known clients read it.
public struct TodayTaskDTO: Codable, Sendable, Equatable {
    public var taskId: String
    public var title: String
    /// `todo` until the day's target is reached, then `done`.
    public var status: String
    /// The task's time of day, or TaskWorks' own "any time" (いつでも): the SketchyBar plugin reads
    /// the fields tab-separated, and an empty one shifted the rest (`No label (1) [/0]`).
    public var timeLabel: String?
    public var target: Int
    public var completed: Int

    public static let anyTime = "いつでも"

    public init(_ task: DailyTask) {
        taskId = task.uuid
        title = task.title
        status = task.isDone ? "done" : "todo"
        timeLabel = task.timeLabel ?? Self.anyTime
        target = task.target
        completed = task.completed
    }

    enum CodingKeys: String, CodingKey { case taskId, title, status, timeLabel, target, completed }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(taskId, forKey: .taskId)
        try c.encode(title, forKey: .title)
        try c.encode(status, forKey: .status)
        try c.encode(timeLabel, forKey: .timeLabel)
        try c.encode(target, forKey: .target)
        try c.encode(completed, forKey: .completed)
    }
}

extension Envelope: JSONWritable where Payload: JSONWritable {
    public func write(to writer: inout JSONWriter) {
        Self.write(to: &writer) { data.write(to: &$0) }
    }
}

extension Envelope {
    /// The envelope around a payload that `data` writes.
    public static func write(to writer: inout JSONWriter, data: (inout JSONWriter) -> Void) {
        writer.object { json in
            json.key("data")
            data(&json)
            json.key("error")
            json.null()
        }
    }
}

extension Page: JSONWritable where Item: JSONWritable {
    public func write(to writer: inout JSONWriter) {
        Self.write(to: &writer, hasMore: hasMore, nextCursor: nextCursor) { items.write(to: &$0) }
    }
}

extension Page {
    /// A page whose items array `items` writes.
    public static func write(
        to writer: inout JSONWriter, hasMore: Bool, nextCursor: String?, items: (inout JSONWriter) -> Void
    ) {
        writer.object { json in
            json.key("hasMore")
            json.bool(hasMore)
            json.key("items")
            items(&json)
            json.key("nextCursor")
            json.string(nextCursor)
        }
    }
}

extension PomodoroDTO {
    /// The JSON `PomodoroDTO(session).write(to:)` writes, for the session in `columns` (in
    /// `SessionListColumn` order), written from the row's values: a history page builds no
    /// session, DTO or string per item. `JSONWriterTests` and `ListedSessionRowsTests` compare the two
    /// byte for byte.
    public static func write(listed columns: any ColumnRow, to writer: inout JSONWriter) throws {
        let row = ListRow(columns, SessionListColumn.self)
        let started = Timestamp.date(milliseconds: try row.integer(.startedAt))
        let minutes = try row.realOrNil(.plannedMinutes) ?? row.realOrNil(.durationMinutes) ?? 0
        let scheduledEnd =
            try row.integerOrNil(.scheduledEndAt).map(Timestamp.date(milliseconds:))
            ?? started.addingTimeInterval(minutes * 60)
        let ended = try row.integerOrNil(.endedAt).map(Timestamp.date(milliseconds:))
        // As `FocusSession(row:)` reads them: a score without its factors is no result.
        let score = try row.isNull(.pofScore) || row.isNull(.pofFactors) ? nil : Int(try row.integer(.pofScore))
        let points = try score == nil ? nil : row.realOrNil(.points) ?? 0
        let kind = SessionKind(rawValue: try row.text(.kind)) ?? .work
        let status = status(SessionStatus(rawValue: try row.text(.status)) ?? .cancelled)
        let id = try row.integer(.id)
        let userId = try row.integer(.userId)
        let created = Timestamp.date(milliseconds: try row.integer(.createdAt))
        let updated = Timestamp.date(milliseconds: try row.integer(.updatedAt))
        let notificationSent = try row.bool(.notificationSent)
        let evaluationSubmitted = try row.bool(.evaluationSubmitted)
        let hasTask = try !row.isNull(.taskUUID)
        try row.withText(.uuid) { uuid in
            try row.withText(.taskUUID) { task in
                writer.object { json in
                    json.key("actual_end_at")
                    if let ended { json.timestamp(ended) } else { json.null() }
                    json.key("created_at")
                    json.timestamp(created)
                    json.key("duration_minutes")
                    json.number(minutes)
                    json.key("evaluation_submitted")
                    json.bool(evaluationSubmitted)
                    json.key("id")
                    json.quoted(id)
                    json.key("notification_sent")
                    json.bool(notificationSent)
                    if let score, let points {
                        json.key("pof_score")
                        json.number(Int64(score))
                        json.key("points")
                        json.number(points)
                    }
                    json.key("scheduled_end_at")
                    json.timestamp(scheduledEnd)
                    json.key("session_type")
                    json.string(kind.rawValue)
                    json.key("session_uuid")
                    json.string(utf8: uuid)
                    json.key("started_at")
                    json.timestamp(started)
                    json.key("status")
                    json.string(status)
                    json.key("task_id")
                    if hasTask { json.string(utf8: task) } else { json.null() }
                    if let score {
                        json.key("trustworthiness")
                        json.string(Trustworthiness(score: score).rawValue)
                    }
                    json.key("updated_at")
                    json.timestamp(updated)
                    json.key("user_id")
                    json.quoted(userId)
                }
            }
        }
    }
}

/// History pages write dozens of these per answer.
extension PomodoroDTO: JSONWritable {
    public func write(to writer: inout JSONWriter) {
        writer.object { json in
            json.key("actual_end_at")
            json.string(actualEndAt)
            json.key("created_at")
            json.string(createdAt)
            json.key("duration_minutes")
            json.number(durationMinutes)
            json.key("evaluation_submitted")
            json.bool(evaluationSubmitted)
            json.key("id")
            json.string(id)
            json.key("notification_sent")
            json.bool(notificationSent)
            if let pofScore {
                json.key("pof_score")
                json.number(Int64(pofScore))
            }
            if let points {
                json.key("points")
                json.number(points)
            }
            json.key("scheduled_end_at")
            json.string(scheduledEndAt)
            json.key("session_type")
            json.string(sessionType)
            if let sessionUUID {
                json.key("session_uuid")
                json.string(sessionUUID)
            }
            json.key("started_at")
            json.string(startedAt)
            json.key("status")
            json.string(status)
            json.key("task_id")
            json.string(taskId)
            if let trustworthiness {
                json.key("trustworthiness")
                json.string(trustworthiness)
            }
            json.key("updated_at")
            json.string(updatedAt)
            json.key("user_id")
            json.string(userId)
        }
    }
}
