import Foundation

/// Estimations and reports: Time Magic's plans over a project's tasks. Every route reaches them
/// through a project or a uuid the user owns, so another user's are the same 404 as unknown ones.
extension WorkspaceService {
    /// At most this many task uuids in one list (a project holds few more in practice).
    static let maxTaskList = 1_000

    // MARK: Estimations

    public func estimations(ofProject uuid: String, for user: User) async throws -> [Estimation] {
        try await stores.plans.estimations(projectId: try await project(uuid, for: user).id)
    }

    /// Every estimation and report of the user's personal projects (the account export).
    public func plansOfAllProjects(for user: User) async throws -> (estimations: [Estimation], reports: [ProjectReport])
    {
        (
            try await stores.plans.estimations(ofPersonalProjectsOf: user.id),
            try await stores.plans.reports(ofPersonalProjectsOf: user.id)
        )
    }

    public func estimation(_ uuid: String, for user: User) async throws -> Estimation {
        try await Self.owned(uuid, user, stores.plans.estimation)
    }

    public func createEstimation(inProject uuid: String, _ changes: EstimationChanges, for user: User) async throws
        -> Estimation
    {
        let project = try await project(uuid, for: user)
        let now = clock.now()
        var estimation = Estimation(
            id: 0, uuid: Self.newUUID(), userId: user.id, projectId: project.id, projectUUID: project.uuid, title: "",
            createdAt: now, updatedAt: now)
        try await apply(changes, to: &estimation)
        return try await stores.plans.insert(estimation)
    }

    public func updateEstimation(_ uuid: String, _ changes: EstimationChanges, for user: User) async throws
        -> Estimation
    {
        var estimation = try await estimation(uuid, for: user)
        let before = estimation
        try await apply(changes, to: &estimation)
        // A roadmap of other dates or tasks no longer says what it said: calculate it again.
        if (estimation.startsAt, estimation.endsAt, estimation.taskUUIDs) != (
            before.startsAt, before.endsAt, before.taskUUIDs
        ) {
            estimation.roadmapState = .idle
        }
        estimation.updatedAt = clock.now()
        try await stores.plans.update(estimation)
        return estimation
    }

    /// `?event=calculate_roadmap`: needs both dates, at least one of the selected tasks still in
    /// the project, and the project's `working_hours_per_day`.
    public func estimationEvent(_ name: String, estimation uuid: String, for user: User) async throws -> Estimation {
        guard name == "calculate_roadmap" else { throw AppError.validation("event", "is not a valid event") }
        var estimation = try await estimation(uuid, for: user)
        guard let project = try await stores.projects.project(uuid: estimation.projectUUID, userId: user.id) else {
            throw AppError.notFound()
        }
        let byUUID = Dictionary(
            try await stores.tasks.tasks(projectId: project.id).map { ($0.uuid, $0) }, uniquingKeysWith: { a, _ in a })
        let items = estimation.taskUUIDs.compactMap { byUUID[$0] }.map {
            Roadmap.Item(uuid: $0.uuid, name: $0.name, estimatedHours: Roadmap.estimatedHours(data: $0.data))
        }
        guard let startsAt = estimation.startsAt, let endsAt = estimation.endsAt, !items.isEmpty,
            let hours = project.workingHoursPerDay,
            let plan = Roadmap.plan(items, startsOn: startsAt, endsOn: endsAt, hoursPerDay: hours)
        else { throw AppError.validation("base", "Estimation roadmap cannot be calculated") }
        estimation.data = Roadmap.json(plan)
        estimation.roadmapState = .calculated
        estimation.updatedAt = clock.now()
        try await stores.plans.update(estimation)
        return estimation
    }

    public func deleteEstimation(_ uuid: String, for user: User) async throws {
        try await stores.plans.delete(estimationId: try await estimation(uuid, for: user).id)
    }

    func apply(_ changes: EstimationChanges, to estimation: inout Estimation) async throws {
        estimation.title = try Validate.text(changes.title, current: estimation.title, field: "title")
        estimation.description = try Validate.length(
            changes.description.applied(to: estimation.description), field: "description")
        estimation.startsAt = try Self.day(changes.startsAt.applied(to: estimation.startsAt), field: "starts_at")
        estimation.endsAt = try Self.day(changes.endsAt.applied(to: estimation.endsAt), field: "ends_at")
        if let start = estimation.startsAt, let end = estimation.endsAt, end < start {
            throw AppError.validation("ends_at", "must be on or after starts_at")
        }
        if changes.taskUUIDs != .unchanged {
            estimation.taskUUIDs = try Self.known(
                changes.taskUUIDs.value ?? [], in: try await stores.tasks.tasks(projectId: estimation.projectId),
                field: "task_uuids")
        }
    }

    // MARK: Reports

    public func reports(ofProject uuid: String, for user: User) async throws -> [ProjectReport] {
        try await stores.plans.reports(projectId: try await project(uuid, for: user).id)
    }

    public func report(_ uuid: String, for user: User) async throws -> ProjectReport {
        try await Self.owned(uuid, user, stores.plans.report)
    }

    public func createReport(inProject uuid: String, _ changes: ReportChanges, for user: User) async throws
        -> ProjectReport
    {
        let project = try await project(uuid, for: user)
        let now = clock.now()
        var report = ProjectReport(
            id: 0, uuid: Self.newUUID(), userId: user.id, projectId: project.id, projectUUID: project.uuid,
            beginDate: "", endDate: "", createdAt: now, updatedAt: now)
        try await apply(changes, to: &report, user: user)
        return try await stores.plans.insert(report)
    }

    /// Any update, an empty one included, counts the report's time again.
    public func updateReport(_ uuid: String, _ changes: ReportChanges, for user: User) async throws -> ProjectReport {
        var report = try await report(uuid, for: user)
        try await apply(changes, to: &report, user: user)
        report.updatedAt = clock.now()
        try await stores.plans.update(report)
        return report
    }

    public func deleteReport(_ uuid: String, for user: User) async throws {
        try await stores.plans.delete(reportId: try await report(uuid, for: user).id)
    }

    /// Validates the report and counts its time: the selected tasks (all the project's when none
    /// are selected) but the excluded ones, by the entries that begin between the dates, both
    /// included, on the user's clock.
    func apply(_ changes: ReportChanges, to report: inout ProjectReport, user: User) async throws {
        report.title = try Validate.length(
            changes.title.applied(to: report.title), field: "title", max: TextLimits.name)
        report.description = try Validate.length(
            changes.description.applied(to: report.description), field: "description")
        guard let begin = try Self.day(changes.beginDate.applied(to: report.beginDate), field: "begin_date") else {
            throw AppError.validation("begin_date", "can't be blank")
        }
        guard let end = try Self.day(changes.endDate.applied(to: report.endDate), field: "end_date") else {
            throw AppError.validation("end_date", "can't be blank")
        }
        guard end >= begin else { throw AppError.validation("end_date", "must be on or after begin_date") }
        (report.beginDate, report.endDate) = (begin, end)
        let tasks = try await stores.tasks.tasks(projectId: report.projectId)
        if changes.selectedTaskUUIDs != .unchanged {
            report.selectedTaskUUIDs = try Self.known(
                changes.selectedTaskUUIDs.value ?? [], in: tasks, field: "selected_task_uuids")
        }
        if changes.excludedTaskUUIDs != .unchanged {
            report.excludedTaskUUIDs = try Self.known(
                changes.excludedTaskUUIDs.value ?? [], in: tasks, field: "excluded_task_uuids")
        }
        let selected = Set(report.selectedTaskUUIDs)
        let excluded = Set(report.excludedTaskUUIDs)
        let covered = tasks.filter { (selected.isEmpty || selected.contains($0.uuid)) && !excluded.contains($0.uuid) }
        let zone = TimeZone(identifier: user.timezone) ?? .gmt
        guard let from = LocalDate.bounds(of: begin, timezone: zone)?.start,
            let to = LocalDate.bounds(of: end, timezone: zone)?.end
        else { throw AppError.validation("begin_date", "is not a valid date") }
        let seconds =
            covered.isEmpty
            ? [:]
            : try await stores.plans.trackedSeconds(taskIds: covered.map(\.id), from: from, to: to, now: clock.now())
        report.data = ReportData.json(
            ReportData(
                totalSeconds: covered.reduce(0) { $0 + (seconds[$1.id] ?? 0) }, timezone: zone.identifier,
                calculatedAt: Timestamp.format(clock.now()),
                tasks: covered.map { .init(uuid: $0.uuid, name: $0.name, seconds: seconds[$0.id] ?? 0) }))
    }

    // MARK: Shared checks

    /// A `YYYY-MM-DD` date (an ISO-8601 date-time counts by its date), or nil when cleared.
    static func day(_ text: String?, field: String) throws -> String? {
        guard let text, !text.isEmpty else { return nil }
        let day = String(text.prefix(10))
        guard text.count == 10 || text.dropFirst(10).first == "T", CivilDay.parse(day) != nil else {
            throw AppError.validation(field, "is not a valid date")
        }
        return day
    }

    /// The uuids (lowercased, each once, in order), every one a task of the project.
    static func known(_ uuids: [String], in tasks: [WorkTask], field: String) throws -> [String] {
        guard uuids.count <= maxTaskList else {
            throw AppError.validation(field, "is too long (maximum is \(maxTaskList) tasks)")
        }
        let ids = Set(tasks.map(\.uuid))
        var seen = Set<String>()
        let wanted = uuids.map { $0.lowercased() }.filter { seen.insert($0).inserted }
        guard wanted.allSatisfy(ids.contains) else {
            throw AppError.validation(field, "must name tasks of this project")
        }
        return wanted
    }
}

/// A report's `data`: the time tracked on each covered task and in all.
struct ReportData: Codable, Equatable {
    struct TaskTime: Codable, Equatable {
        var uuid: String
        var name: String
        var seconds: Int64
    }

    var totalSeconds: Int64
    var timezone: String
    var calculatedAt: String
    var tasks: [TaskTime]

    enum CodingKeys: String, CodingKey {
        case totalSeconds = "total_seconds"
        case timezone
        case calculatedAt = "calculated_at"
        case tasks
    }

    static func json(_ data: ReportData) -> String { SortedJSON.text(data) }
}
