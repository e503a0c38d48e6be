import Foundation
import PomoCore

/// Time Magic's resources as its seed doc gives them: `uuid` ids, snake_case keys, ISO-8601
/// times, every documented key present (`null` when empty).
public struct TimeMagicProject: Codable, Sendable, Equatable {
    public var uuid: String
    public var name: String
    @Nullable public var description: String?
    public var projectType: String
    @Nullable public var rateCents: Int64?
    @Nullable public var rateCurrency: String?
    /// The two project settings the maintainer's guide names (the seed's JSON has neither).
    public var allowParallelTasks: Bool
    @Nullable public var workingHoursPerDay: Double?
    public var createdAt: String
    public var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case uuid, name, description
        case projectType = "project_type"
        case rateCents = "rate_cents"
        case rateCurrency = "rate_currency"
        case allowParallelTasks = "allow_parallel_tasks"
        case workingHoursPerDay = "working_hours_per_day"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(_ project: Project) {
        uuid = project.uuid
        name = project.name
        description = project.description
        projectType = project.projectType.rawValue
        rateCents = project.rateCents
        rateCurrency = project.rateCurrency
        allowParallelTasks = project.allowParallelTasks
        workingHoursPerDay = project.workingHoursPerDay
        createdAt = Timestamp.format(project.createdAt)
        updatedAt = Timestamp.format(project.updatedAt)
    }
}

public struct TimeMagicTask: Codable, Sendable, Equatable {
    public var uuid: String
    public var name: String
    @Nullable public var description: String?
    public var status: String
    public var taskType: String
    @Nullable public var data: JSONValue?
    public var projectUUID: String
    public var createdAt: String
    public var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case uuid, name, description, status, data
        case taskType = "task_type"
        case projectUUID = "project_uuid"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(_ task: WorkTask) {
        uuid = task.uuid
        name = task.name
        description = task.description
        status = task.status.rawValue
        taskType = task.taskType.rawValue
        data = task.data.flatMap(FreeFormJSON.value)
        projectUUID = task.projectUUID
        createdAt = Timestamp.format(task.createdAt)
        updatedAt = Timestamp.format(task.updatedAt)
    }
}

public struct TimeMagicActivity: Codable, Sendable, Equatable {
    public var uuid: String
    public var name: String
    public var activityType: String
    public var aasmState: String
    public var createdAt: String
    public var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case uuid, name
        case activityType = "activity_type"
        case aasmState = "aasm_state"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(_ activity: Activity) {
        uuid = activity.uuid
        name = activity.name
        activityType = activity.activityType.rawValue
        aasmState = activity.state.rawValue
        createdAt = Timestamp.format(activity.createdAt)
        updatedAt = Timestamp.format(activity.updatedAt)
    }
}

/// A goal; its first day is given both as `begin_date` (the model's name) and `month` (the seed's).
public struct TimeMagicGoal: Codable, Sendable, Equatable {
    public var uuid: String
    public var text: String
    public var period: String
    public var beginDate: String
    public var month: String
    public var goalableType: String
    public var goalableUUID: String
    public var createdAt: String
    public var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case uuid, text, period, month
        case beginDate = "begin_date"
        case goalableType = "goalable_type"
        case goalableUUID = "goalable_uuid"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(_ goal: Goal) {
        uuid = goal.uuid
        text = goal.text
        period = goal.period.rawValue
        beginDate = goal.beginDate
        month = goal.beginDate
        goalableType = goal.goalableType
        goalableUUID = goal.goalableUUID
        createdAt = Timestamp.format(goal.createdAt)
        updatedAt = Timestamp.format(goal.updatedAt)
    }
}

public struct TimeMagicTimeEntry: Codable, Sendable, Equatable {
    public var uuid: String
    public var beginTime: String
    @Nullable public var endTime: String?
    @Nullable public var duration: Int64?
    @Nullable public var comment: String?
    /// `Task` or `Activity`; `null` for an unattached entry.
    @Nullable public var resourceType: String?
    @Nullable public var resourceUUID: String?
    public var createdAt: String
    public var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case uuid, duration, comment
        case beginTime = "begin_time"
        case endTime = "end_time"
        case resourceType = "resource_type"
        case resourceUUID = "resource_uuid"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(_ entry: TimeEntry) {
        uuid = entry.uuid
        beginTime = Timestamp.format(entry.begin)
        endTime = entry.end.map(Timestamp.format)
        duration = entry.durationSeconds
        comment = entry.comment
        resourceType = entry.resource?.kind.typeName
        resourceUUID = entry.resource?.uuid
        createdAt = Timestamp.format(entry.createdAt)
        updatedAt = Timestamp.format(entry.updatedAt)
    }
}

/// A user's entries as `[TimeMagicTimeEntry]` encodes them, written straight from the entries
/// (no intermediate strings per row): the list answers every entry at once.
public struct TimeMagicEntryList: JSONWritable {
    public var entries: [TimeEntry]

    public init(_ entries: [TimeEntry]) { self.entries = entries }

    public func encode(to encoder: any Encoder) throws {
        try entries.map(TimeMagicTimeEntry.init).encode(to: encoder)
    }

    public func write(to writer: inout JSONWriter) {
        writer.array { json in
            for entry in entries {
                json.element()
                Self.write(entry, to: &json)
            }
        }
    }

    /// One entry's object.
    public static func write(_ entry: TimeEntry, to json: inout JSONWriter) {
        json.object { json in
            json.key("begin_time")
            json.timestamp(entry.begin)
            json.key("comment")
            json.string(entry.comment)
            json.key("created_at")
            json.timestamp(entry.createdAt)
            json.key("duration")
            if let duration = entry.durationSeconds { json.number(duration) } else { json.null() }
            json.key("end_time")
            if let end = entry.end { json.timestamp(end) } else { json.null() }
            json.key("resource_type")
            json.string(entry.resource?.kind.typeName)
            json.key("resource_uuid")
            json.string(entry.resource?.uuid)
            json.key("updated_at")
            json.timestamp(entry.updatedAt)
            json.key("uuid")
            json.string(entry.uuid)
        }
    }

    /// The object `write(_:to:)` writes for the entry in `columns` (in `EntryListColumn`
    /// order), written from the row's values: the list builds no entry or string per item.
    /// `JSONWriterTests` and `ListedEntryRowsTests` compare the two byte for byte.
    public static func write(listed columns: any ColumnRow, to json: inout JSONWriter) throws {
        let row = ListRow(columns, EntryListColumn.self)
        let begin = Timestamp.date(milliseconds: try row.integer(.beginTime))
        let end = try row.integerOrNil(.endTime).map(Timestamp.date(milliseconds:))
        let duration = try row.integerOrNil(.durationSeconds)
        let created = Timestamp.date(milliseconds: try row.integer(.createdAt))
        let updated = Timestamp.date(milliseconds: try row.integer(.updatedAt))
        let hasComment = try !row.isNull(.comment)
        // As `TimeEntry(row:)` reads it: on a task when it has one, else on an activity.
        let resource: (type: String, uuid: EntryListColumn)? =
            try !row.isNull(.taskId)
            ? ("Task", .taskUUID) : !row.isNull(.activityId) ? ("Activity", .activityUUID) : nil
        try row.withText(.uuid) { uuid in
            try row.withText(.comment) { comment in
                try row.withText(resource?.uuid ?? .taskUUID) { resourceUUID in
                    json.object { json in
                        json.key("begin_time")
                        json.timestamp(begin)
                        json.key("comment")
                        if hasComment { json.string(utf8: comment) } else { json.null() }
                        json.key("created_at")
                        json.timestamp(created)
                        json.key("duration")
                        if let duration { json.number(duration) } else { json.null() }
                        json.key("end_time")
                        if let end { json.timestamp(end) } else { json.null() }
                        json.key("resource_type")
                        json.string(resource?.type)
                        json.key("resource_uuid")
                        if resource != nil { json.string(utf8: resourceUUID) } else { json.null() }
                        json.key("updated_at")
                        json.timestamp(updated)
                        json.key("uuid")
                        json.string(utf8: uuid)
                    }
                }
            }
        }
    }
}

/// An estimation: a roadmap of some of a project's tasks between two dates.
public struct TimeMagicEstimation: Codable, Sendable, Equatable {
    public var uuid: String
    public var title: String
    @Nullable public var description: String?
    @Nullable public var startsAt: String?
    @Nullable public var endsAt: String?
    public var roadmapState: String
    @Nullable public var data: JSONValue?
    public var projectUUID: String
    public var taskUUIDs: [String]
    public var createdAt: String
    public var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case uuid, title, description, data
        case startsAt = "starts_at"
        case endsAt = "ends_at"
        case roadmapState = "roadmap_state"
        case projectUUID = "project_uuid"
        case taskUUIDs = "task_uuids"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(_ estimation: Estimation) {
        uuid = estimation.uuid
        title = estimation.title
        description = estimation.description
        startsAt = estimation.startsAt
        endsAt = estimation.endsAt
        roadmapState = estimation.roadmapState.rawValue
        data = estimation.data.flatMap(FreeFormJSON.value)
        projectUUID = estimation.projectUUID
        taskUUIDs = estimation.taskUUIDs
        createdAt = Timestamp.format(estimation.createdAt)
        updatedAt = Timestamp.format(estimation.updatedAt)
    }
}

/// A report: the time tracked on a project's tasks between two dates, in `data`.
public struct TimeMagicReport: Codable, Sendable, Equatable {
    public var uuid: String
    @Nullable public var title: String?
    @Nullable public var description: String?
    public var beginDate: String
    public var endDate: String
    @Nullable public var data: JSONValue?
    public var projectUUID: String
    public var selectedTaskUUIDs: [String]
    public var excludedTaskUUIDs: [String]
    public var createdAt: String
    public var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case uuid, title, description, data
        case beginDate = "begin_date"
        case endDate = "end_date"
        case projectUUID = "project_uuid"
        case selectedTaskUUIDs = "selected_task_uuids"
        case excludedTaskUUIDs = "excluded_task_uuids"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(_ report: ProjectReport) {
        uuid = report.uuid
        title = report.title
        description = report.description
        beginDate = report.beginDate
        endDate = report.endDate
        data = report.data.flatMap(FreeFormJSON.value)
        projectUUID = report.projectUUID
        selectedTaskUUIDs = report.selectedTaskUUIDs
        excludedTaskUUIDs = report.excludedTaskUUIDs
        createdAt = Timestamp.format(report.createdAt)
        updatedAt = Timestamp.format(report.updatedAt)
    }
}
