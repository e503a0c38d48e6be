import Foundation

/// Time Magic's estimation: a roadmap of some of a project's tasks between two dates. Dates are
/// `YYYY-MM-DD`; `data` is the calculated roadmap as JSON text (see `Roadmap`).
public struct Estimation: Sendable, Equatable {
    public var id: Int64
    public var uuid: String
    public var userId: Int64
    public var projectId: Int64
    public var projectUUID: String
    public var title: String
    public var description: String?
    public var startsAt: String?
    public var endsAt: String?
    public var roadmapState: RoadmapState
    public var data: String?
    public var taskUUIDs: [String]
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, uuid: String, userId: Int64, projectId: Int64, projectUUID: String, title: String,
        description: String? = nil, startsAt: String? = nil, endsAt: String? = nil, roadmapState: RoadmapState = .idle,
        data: String? = nil, taskUUIDs: [String] = [], createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.uuid = uuid
        self.userId = userId
        self.projectId = projectId
        self.projectUUID = projectUUID
        self.title = title
        self.description = description
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.roadmapState = roadmapState
        self.data = data
        self.taskUUIDs = taskUUIDs
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// `calculating` is the original's state while its job runs; Pomo calculates within the request,
/// so an estimation is `idle` until calculated and again after its dates or tasks change.
public enum RoadmapState: String, Sendable, CaseIterable {
    case idle
    case calculating
    case calculated
}

/// Time Magic's report: the time tracked on a project's tasks between two dates, in `data`.
public struct ProjectReport: Sendable, Equatable {
    public var id: Int64
    public var uuid: String
    public var userId: Int64
    public var projectId: Int64
    public var projectUUID: String
    public var title: String?
    public var description: String?
    public var beginDate: String
    public var endDate: String
    public var data: String?
    public var selectedTaskUUIDs: [String]
    public var excludedTaskUUIDs: [String]
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, uuid: String, userId: Int64, projectId: Int64, projectUUID: String, title: String? = nil,
        description: String? = nil, beginDate: String, endDate: String, data: String? = nil,
        selectedTaskUUIDs: [String] = [], excludedTaskUUIDs: [String] = [], createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.uuid = uuid
        self.userId = userId
        self.projectId = projectId
        self.projectUUID = projectUUID
        self.title = title
        self.description = description
        self.beginDate = beginDate
        self.endDate = endDate
        self.data = data
        self.selectedTaskUUIDs = selectedTaskUUIDs
        self.excludedTaskUUIDs = excludedTaskUUIDs
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// The fields a client sets on an estimation; on update, only the ones it sent.
public struct EstimationChanges: Sendable, Equatable {
    public var title: Patch<String> = .unchanged
    public var description: Patch<String> = .unchanged
    public var startsAt: Patch<String> = .unchanged
    public var endsAt: Patch<String> = .unchanged
    public var taskUUIDs: Patch<[String]> = .unchanged

    public init() {}
}

/// The fields a client sets on a report; on update, only the ones it sent.
public struct ReportChanges: Sendable, Equatable {
    public var title: Patch<String> = .unchanged
    public var description: Patch<String> = .unchanged
    public var beginDate: Patch<String> = .unchanged
    public var endDate: Patch<String> = .unchanged
    public var selectedTaskUUIDs: Patch<[String]> = .unchanged
    public var excludedTaskUUIDs: Patch<[String]> = .unchanged

    public init() {}
}

/// Estimations and reports, kept per project; deleting the project deletes them.
public protocol ProjectPlanStore: Sendable {
    func estimations(projectId: Int64) async throws -> [Estimation]
    /// The estimations of the user's personal projects, by project (oldest first), then oldest first.
    func estimations(ofPersonalProjectsOf userId: Int64) async throws -> [Estimation]
    func estimation(uuid: String, userId: Int64) async throws -> Estimation?
    func insert(_ estimation: Estimation) async throws -> Estimation
    func update(_ estimation: Estimation) async throws
    func delete(estimationId: Int64) async throws

    func reports(projectId: Int64) async throws -> [ProjectReport]
    /// As `estimations(ofPersonalProjectsOf:)`.
    func reports(ofPersonalProjectsOf userId: Int64) async throws -> [ProjectReport]
    func report(uuid: String, userId: Int64) async throws -> ProjectReport?
    func insert(_ report: ProjectReport) async throws -> ProjectReport
    func update(_ report: ProjectReport) async throws
    func delete(reportId: Int64) async throws

    /// Seconds tracked on each of the tasks by entries that begin in `[from, to)`; a running
    /// entry counts until `now`. Tasks with nothing tracked are absent.
    func trackedSeconds(taskIds: [Int64], from: Date, to: Date, now: Date) async throws -> [Int64: Int64]

    /// The user's tracked time in `[from, to)` (by when entries begin; a running one until
    /// `now`), a row for each task or activity it went to and one for unattached entries, most
    /// first, at most `limit` rows.
    func trackedTotals(userId: Int64, from: Date, to: Date, now: Date, limit: Int) async throws -> [TrackedTotal]
}

/// Time tracked on one task (with its project) or activity, or unattached.
public struct TrackedTotal: Sendable, Equatable, Codable {
    public var projectUUID: String?
    public var projectName: String?
    public var taskUUID: String?
    public var taskName: String?
    public var activityUUID: String?
    public var activityName: String?
    public var entries: Int
    public var seconds: Int64

    public init(
        projectUUID: String?, projectName: String?, taskUUID: String?, taskName: String?, activityUUID: String?,
        activityName: String?, entries: Int, seconds: Int64
    ) {
        self.projectUUID = projectUUID
        self.projectName = projectName
        self.taskUUID = taskUUID
        self.taskName = taskName
        self.activityUUID = activityUUID
        self.activityName = activityName
        self.entries = entries
        self.seconds = seconds
    }

    enum CodingKeys: String, CodingKey {
        case projectUUID = "project_uuid"
        case projectName = "project_name"
        case taskUUID = "task_uuid"
        case taskName = "task_name"
        case activityUUID = "activity_uuid"
        case activityName = "activity_name"
        case entries, seconds
    }

    /// Every key, `null` when empty, so that each row has one shape.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(projectUUID, forKey: .projectUUID)
        try c.encode(projectName, forKey: .projectName)
        try c.encode(taskUUID, forKey: .taskUUID)
        try c.encode(taskName, forKey: .taskName)
        try c.encode(activityUUID, forKey: .activityUUID)
        try c.encode(activityName, forKey: .activityName)
        try c.encode(entries, forKey: .entries)
        try c.encode(seconds, forKey: .seconds)
    }
}
