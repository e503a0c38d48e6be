import Foundation
import Hummingbird
import PomoCore
import PomoWire

/// A Time Magic write body: the fields sit under one singular root key (`{"project": {...}}`).
protocol TimeMagicInput: Decodable {
    static var root: String { get }
}

enum TimeMagicBody {
    /// Decodes `{"<root>": {...}}`. A missing root is Rails' 400 "param is missing"; a field of the
    /// wrong type is a 422 naming the field in Rails' words.
    static func decode<T: TimeMagicInput>(_ type: T.Type, from request: Request, limit: Int) async throws -> T {
        try await named(T.self) {
            try await JSONBody.decodeIfPresent(Root<T>.self, from: request, limit: limit, empty: Root())
        }
    }

    /// The same from a value already read: `{"<root>": fields}` (an MCP tool's arguments).
    static func decode<T: TimeMagicInput>(_ type: T.Type, fields: [String: JSONValue]) async throws -> T {
        try await named(T.self) { try JSONBody.decode(Root<T>.self, tree: .object([T.root: .object(fields)])) }
    }

    private static func named<T: TimeMagicInput>(_ type: T.Type, _ read: () async throws -> Root<T>) async throws
        -> T
    {
        let root: Root<T>
        do {
            root = try await read()
        } catch var error as AppError where error.field != nil {
            // "project.name must be a string" → {"name": ["must be a string"]}
            let field = error.field!
            let bare = field.hasPrefix(T.root + ".") ? String(field.dropFirst(T.root.count + 1)) : field
            if error.message.hasPrefix(field + " ") { error.message = String(error.message.dropFirst(field.count + 1)) }
            error.field = bare
            error.kind = .validation
            throw error
        }
        guard let value = root.value else {
            throw AppError.badRequest("param is missing or the value is empty: \(T.root)", field: T.root)
        }
        return value
    }

    private struct Root<T: TimeMagicInput>: Decodable {
        var value: T?

        init() {}

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: AnyKey.self)
            let key = AnyKey(T.root)
            value = try c.contains(key) && !c.decodeNil(forKey: key) ? c.decode(T.self, forKey: key) : nil
        }
    }
}

struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// `{"project": {"name", "description", "project_type", "rate_cents", "rate_currency"}}`, and the
/// two settings `allow_parallel_tasks` and `working_hours_per_day`.
struct ProjectInput: TimeMagicInput {
    static let root = "project"
    var changes = ProjectChanges()

    enum Keys: String, CodingKey {
        case name, description
        case projectType = "project_type"
        case rateCents = "rate_cents"
        case rateCurrency = "rate_currency"
        case allowParallelTasks = "allow_parallel_tasks"
        case workingHoursPerDay = "working_hours_per_day"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        changes.name = try c.patch(String.self, forKey: .name)
        changes.description = try c.patch(String.self, forKey: .description)
        changes.projectType = try c.patch(String.self, forKey: .projectType)
        changes.rateCents = try c.patch(Int64.self, forKey: .rateCents)
        changes.rateCurrency = try c.patch(String.self, forKey: .rateCurrency)
        changes.allowParallelTasks = try c.patch(Bool.self, forKey: .allowParallelTasks)
        changes.workingHoursPerDay = try c.patch(Double.self, forKey: .workingHoursPerDay)
    }
}

/// `{"task": {"name", "description", "task_type", "data"}}`, plus TaskWorks' `time_label` and
/// `daily_target` for the day's checklist.
struct TaskInput: TimeMagicInput {
    static let root = "task"
    var changes = TaskChanges()

    enum Keys: String, CodingKey {
        case name, description, data
        case taskType = "task_type"
        case timeLabel = "time_label"
        case dailyTarget = "daily_target"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        changes.name = try c.patch(String.self, forKey: .name)
        changes.description = try c.patch(String.self, forKey: .description)
        changes.taskType = try c.patch(String.self, forKey: .taskType)
        switch try c.patch(JSONValue.self, forKey: .data) {
        case .unchanged: break
        case .clear: changes.data = .clear
        case .set(let value):
            guard case .object = value else {
                throw DecodingError.typeMismatch(
                    [String: JSONValue].self, .init(codingPath: c.codingPath + [Keys.data], debugDescription: ""))
            }
            changes.data = .set(try FreeFormJSON.text(value, field: "task.data"))
        }
        changes.timeLabel = try c.patch(String.self, forKey: .timeLabel)
        changes.dailyTarget = try c.patch(Int.self, forKey: .dailyTarget)
    }
}

/// `{"activity": {"name", "activity_type"}}`.
struct ActivityInput: TimeMagicInput {
    static let root = "activity"
    var changes = ActivityChanges()

    enum Keys: String, CodingKey {
        case name
        case activityType = "activity_type"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        changes.name = try c.patch(String.self, forKey: .name)
        changes.activityType = try c.patch(String.self, forKey: .activityType)
    }
}

/// `{"estimation": {"title", "description", "starts_at", "ends_at", "task_uuids"}}`.
struct EstimationInput: TimeMagicInput {
    static let root = "estimation"
    var changes = EstimationChanges()

    enum Keys: String, CodingKey {
        case title, description
        case startsAt = "starts_at"
        case endsAt = "ends_at"
        case taskUUIDs = "task_uuids"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        changes.title = try c.patch(String.self, forKey: .title)
        changes.description = try c.patch(String.self, forKey: .description)
        changes.startsAt = try c.patch(String.self, forKey: .startsAt)
        changes.endsAt = try c.patch(String.self, forKey: .endsAt)
        changes.taskUUIDs = try c.patch([String].self, forKey: .taskUUIDs)
    }
}

/// `{"report": {"title", "description", "begin_date", "end_date", "selected_task_uuids",
/// "excluded_task_uuids"}}`.
struct ReportInput: TimeMagicInput {
    static let root = "report"
    var changes = ReportChanges()

    enum Keys: String, CodingKey {
        case title, description
        case beginDate = "begin_date"
        case endDate = "end_date"
        case selectedTaskUUIDs = "selected_task_uuids"
        case excludedTaskUUIDs = "excluded_task_uuids"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        changes.title = try c.patch(String.self, forKey: .title)
        changes.description = try c.patch(String.self, forKey: .description)
        changes.beginDate = try c.patch(String.self, forKey: .beginDate)
        changes.endDate = try c.patch(String.self, forKey: .endDate)
        changes.selectedTaskUUIDs = try c.patch([String].self, forKey: .selectedTaskUUIDs)
        changes.excludedTaskUUIDs = try c.patch([String].self, forKey: .excludedTaskUUIDs)
    }
}
