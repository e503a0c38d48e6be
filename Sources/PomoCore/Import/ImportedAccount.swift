import Foundation

/// What a Pomo account document (`GET /api/v1/account/export`) holds besides its time entries:
/// the workspace with its own uuids and times, and the focus sessions. A document imported into
/// a server where those uuids are free keeps them, so exporting again gives the same document.
public struct ImportedAccount: Sendable, Equatable {
    public var projects: [ImportedProject] = []
    public var tasks: [ImportedTask] = []
    public var activities: [ImportedActivity] = []
    public var goals: [ImportedGoal] = []
    public var estimations: [ImportedEstimation] = []
    public var reports: [ImportedReport] = []
    public var sessions: [ImportedSession] = []
    /// Sessions and entries still running when the document was written: not imported, as a
    /// timer that ran on another server cannot be stopped here.
    public var running = 0

    public init() {}

    public var isEmpty: Bool {
        projects.isEmpty && tasks.isEmpty && activities.isEmpty && goals.isEmpty && estimations.isEmpty
            && reports.isEmpty && sessions.isEmpty
    }
}

/// The times a document gives a record: kept, so a round trip changes none of them.
public struct RecordTimes: Sendable, Equatable {
    public var createdAt: Date
    public var updatedAt: Date

    public init(createdAt: Date, updatedAt: Date) {
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

public struct ImportedProject: Sendable, Equatable {
    public var uuid: String
    public var name: String
    public var description: String?
    public var projectType: ProjectType
    public var rateCents: Int64?
    public var rateCurrency: String?
    public var allowParallelTasks: Bool
    public var workingHoursPerDay: Double?
    public var times: RecordTimes

    public init(
        uuid: String, name: String, description: String?, projectType: ProjectType, rateCents: Int64?,
        rateCurrency: String?, allowParallelTasks: Bool = false, workingHoursPerDay: Double? = nil, times: RecordTimes
    ) {
        self.uuid = uuid
        self.name = name
        self.description = description
        self.projectType = projectType
        self.rateCents = rateCents
        self.rateCurrency = rateCurrency
        self.allowParallelTasks = allowParallelTasks
        self.workingHoursPerDay = workingHoursPerDay
        self.times = times
    }
}

public struct ImportedTask: Sendable, Equatable {
    public var uuid: String
    public var projectUUID: String
    public var name: String
    public var description: String?
    public var status: WorkTaskStatus
    public var taskType: WorkTaskType
    /// The task's free-form `data`, as JSON text.
    public var data: String?
    public var times: RecordTimes

    public init(
        uuid: String, projectUUID: String, name: String, description: String?, status: WorkTaskStatus,
        taskType: WorkTaskType, data: String?, times: RecordTimes
    ) {
        self.uuid = uuid
        self.projectUUID = projectUUID
        self.name = name
        self.description = description
        self.status = status
        self.taskType = taskType
        self.data = data
        self.times = times
    }
}

public struct ImportedActivity: Sendable, Equatable {
    public var uuid: String
    public var name: String
    public var activityType: ActivityType
    public var state: ActivityState
    public var times: RecordTimes

    public init(uuid: String, name: String, activityType: ActivityType, state: ActivityState, times: RecordTimes) {
        self.uuid = uuid
        self.name = name
        self.activityType = activityType
        self.state = state
        self.times = times
    }
}

public struct ImportedGoal: Sendable, Equatable {
    public var uuid: String
    /// The document's uuid of the goal's project; nil for a goal of the user's own.
    public var projectUUID: String?
    public var text: String
    public var period: GoalPeriod
    public var beginDate: String
    public var times: RecordTimes

    public init(
        uuid: String, projectUUID: String?, text: String, period: GoalPeriod, beginDate: String, times: RecordTimes
    ) {
        self.uuid = uuid
        self.projectUUID = projectUUID
        self.text = text
        self.period = period
        self.beginDate = beginDate
        self.times = times
    }
}

/// An estimation as the document gives it: its task uuids and the roadmap in `data` are the
/// document's, mapped to the tasks they became when written.
public struct ImportedEstimation: Sendable, Equatable {
    public var uuid: String
    public var projectUUID: String
    public var title: String
    public var description: String?
    public var startsAt: String?
    public var endsAt: String?
    public var roadmapState: RoadmapState
    /// The roadmap, as JSON text.
    public var data: String?
    public var taskUUIDs: [String]
    public var times: RecordTimes
    /// Its id when another user of the server has the document's: made from the importing user
    /// and the document's id (by `ImportService`), so that importing again finds it.
    public var fallbackUUID = ""

    public init(
        uuid: String, projectUUID: String, title: String, description: String?, startsAt: String?, endsAt: String?,
        roadmapState: RoadmapState, data: String?, taskUUIDs: [String], times: RecordTimes
    ) {
        self.uuid = uuid
        self.projectUUID = projectUUID
        self.title = title
        self.description = description
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.roadmapState = roadmapState
        self.data = data
        self.taskUUIDs = taskUUIDs
        self.times = times
    }
}

/// A report as the document gives it: its counted `data` is kept as it was counted, its task
/// uuids mapped like an estimation's.
public struct ImportedReport: Sendable, Equatable {
    public var uuid: String
    public var projectUUID: String
    public var title: String?
    public var description: String?
    public var beginDate: String
    public var endDate: String
    /// The counted time, as JSON text.
    public var data: String?
    public var selectedTaskUUIDs: [String]
    public var excludedTaskUUIDs: [String]
    public var times: RecordTimes
    /// As an estimation's.
    public var fallbackUUID = ""

    public init(
        uuid: String, projectUUID: String, title: String?, description: String?, beginDate: String, endDate: String,
        data: String?, selectedTaskUUIDs: [String], excludedTaskUUIDs: [String], times: RecordTimes
    ) {
        self.uuid = uuid
        self.projectUUID = projectUUID
        self.title = title
        self.description = description
        self.beginDate = beginDate
        self.endDate = endDate
        self.data = data
        self.selectedTaskUUIDs = selectedTaskUUIDs
        self.excludedTaskUUIDs = excludedTaskUUIDs
        self.times = times
    }
}

/// A finished session as the exports write it.
public struct ImportedSession: Sendable, Equatable {
    public var line: Int
    public var uuid: String
    public var kind: SessionKind
    public var status: SessionStatus
    public var category: String?
    public var start: Date
    public var end: Date?
    public var durationMinutes: Double?
    public var project: String?
    public var task: String?
    public var note: String?
    public var pofScore: Int?
    public var points: Double?
    public var source: String?

    public init(
        line: Int, uuid: String, kind: SessionKind, status: SessionStatus, category: String?, start: Date, end: Date?,
        durationMinutes: Double?, project: String?, task: String?, note: String?, pofScore: Int?, points: Double?,
        source: String?
    ) {
        self.line = line
        self.uuid = uuid
        self.kind = kind
        self.status = status
        self.category = category
        self.start = start
        self.end = end
        self.durationMinutes = durationMinutes
        self.project = project
        self.task = task
        self.note = note
        self.pofScore = pofScore
        self.points = points
        self.source = source
    }
}
