import Foundation
import PomoCore

/// `{"goal": {"text", "period", "begin_date" | "month", "project_id"}}`: the seed's `month` and
/// the model's `begin_date` are the same field (REFERENCE.md 4.3.4).
struct GoalInput: TimeMagicInput {
    static let root = "goal"
    var changes = GoalChanges()
    var projectUUID: String?

    enum Keys: String, CodingKey {
        case text, period, month
        case beginDate = "begin_date"
        case projectId = "project_id"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        changes.text = try c.patch(String.self, forKey: .text)
        changes.period = try c.patch(String.self, forKey: .period)
        changes.beginDate = try c.patch(String.self, forKey: .beginDate)
        if case .unchanged = changes.beginDate { changes.beginDate = try c.patch(String.self, forKey: .month) }
        projectUUID = try c.decodeIfPresent(String.self, forKey: .projectId)
    }
}

/// `{"time_entry": {"begin_time", "end_time", "duration", "comment", "resource_type", "resource_id"}}`,
/// also taking the old `started_at` / `ended_at` names (REFERENCE.md 4.3.8).
struct TimeEntryInput: TimeMagicInput {
    static let root = "time_entry"
    var begin: Patch<Date> = .unchanged
    var end: Patch<Date> = .unchanged
    var duration: Int64?
    var comment: Patch<String> = .unchanged
    var resourceType: String?
    var resourceId: String?

    enum Keys: String, CodingKey {
        case duration, comment
        case beginTime = "begin_time"
        case endTime = "end_time"
        case startedAt = "started_at"
        case endedAt = "ended_at"
        case resourceType = "resource_type"
        case resourceId = "resource_id"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        begin = try Self.time(c, .beginTime, alias: .startedAt)
        end = try Self.time(c, .endTime, alias: .endedAt)
        duration = try c.decodeIfPresent(Int64.self, forKey: .duration)
        comment = try c.patch(String.self, forKey: .comment)
        resourceType = try c.decodeIfPresent(String.self, forKey: .resourceType)
        resourceId = try c.decodeIfPresent(String.self, forKey: .resourceId)
    }

    var changes: TimeEntryChanges {
        var changes = TimeEntryChanges()
        changes.begin = begin
        changes.end = end
        changes.comment = comment
        return changes
    }

    func newEntry() throws -> NewTimeEntry {
        guard case .set(let begin) = begin else { throw AppError.validation("begin_time", "can't be blank") }
        var kind: TimeEntryResource.Kind?
        if let resourceType {
            guard let parsed = TimeEntryResource.Kind(rawValue: resourceType.lowercased()) else {
                throw AppError.validation("resource_type", "is not included in the list")
            }
            kind = parsed
        }
        return NewTimeEntry(
            begin: begin, end: end.value, durationSeconds: end.value == nil ? duration : nil, comment: comment.value,
            resourceKind: kind, resourceUUID: resourceId)
    }

    private static func time(_ c: KeyedDecodingContainer<Keys>, _ key: Keys, alias: Keys) throws -> Patch<Date> {
        let used = c.contains(key) ? key : alias
        switch try c.patch(String.self, forKey: used) {
        case .unchanged: return .unchanged
        case .clear: return .clear
        case .set(let text):
            guard let date = Timestamp.parse(text) else {
                throw AppError.validation(key.rawValue, "is not a valid ISO-8601 time")
            }
            return .set(date)
        }
    }
}
