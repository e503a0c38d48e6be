import Foundation
import PomoCore
import PomoWire
import SQLKit

/// Time Magic's estimations and reports, each read with its project's uuid.
public struct SQLProjectPlanStore: ProjectPlanStore {
    let database: PomoDatabase
    let quotas: Quotas

    public init(database: PomoDatabase, quotas: Quotas = Quotas()) {
        self.database = database
        self.quotas = quotas
    }

    static let estimationSelect: SQLQueryString =
        "SELECT e.*, p.uuid AS project_uuid FROM estimations e JOIN projects p ON p.id = e.project_id"
    static let reportSelect: SQLQueryString =
        "SELECT r.*, p.uuid AS project_uuid FROM project_reports r JOIN projects p ON p.id = r.project_id"

    // MARK: Estimations

    public func estimations(projectId: Int64) async throws -> [Estimation] {
        try await database.read { db in
            try await db.raw(Self.estimationSelect + " WHERE e.project_id = \(bind: projectId) ORDER BY e.id").all()
                .map(Estimation.init(row:))
        }
    }

    public func estimations(ofPersonalProjectsOf userId: Int64) async throws -> [Estimation] {
        try await database.read { db in
            try await db.raw(
                Self.estimationSelect
                    + " WHERE p.user_id = \(bind: userId) AND p.team_id IS NULL ORDER BY e.project_id, e.id"
            ).all().map(Estimation.init(row:))
        }
    }

    public func estimation(uuid: String, userId: Int64) async throws -> Estimation? {
        try await database.read { db in
            try await db.raw(Self.estimationSelect + " WHERE e.uuid = \(bind: uuid) AND e.user_id = \(bind: userId)")
                .first().map(Estimation.init(row:))
        }
    }

    public func insert(_ estimation: Estimation) async throws -> Estimation {
        try await database.write { db in
            try await SQLQuota.check(
                userId: estimation.userId, max: quotas.plans,
                "SELECT COUNT(*) AS n FROM estimations WHERE user_id = \(bind: estimation.userId)", on: db,
                Quotas.reached("estimations", max: quotas.plans, setting: "POMO_MAX_PLANS"))
            return try await Self.insertRow(estimation, loggedAt: estimation.updatedAt, on: db)
        }
    }

    public func update(_ estimation: Estimation) async throws {
        try await database.write { db in
            try await db.raw(
                """
                UPDATE estimations SET title = \(bind: estimation.title), description = \(bind: estimation.description),
                    starts_at = \(bind: estimation.startsAt), ends_at = \(bind: estimation.endsAt),
                    roadmap_state = \(bind: estimation.roadmapState.rawValue), data = \(bind: estimation.data),
                    task_uuids = \(bind: Self.list(estimation.taskUUIDs)), updated_at = \(bind: ms(estimation.updatedAt))
                WHERE id = \(bind: estimation.id)
                """
            ).run()
            try await Self.log(estimation, "updated", on: db)
        }
    }

    public func delete(estimationId: Int64) async throws {
        try await database.write { db in
            let rows = try await db.raw(
                "DELETE FROM estimations WHERE id = \(bind: estimationId) RETURNING uuid, user_id"
            ).all()
            try await SQLChangeLog.deleted(.estimation, rows: rows, at: Date(), on: db)
        }
    }

    // MARK: Reports

    public func reports(projectId: Int64) async throws -> [ProjectReport] {
        try await database.read { db in
            try await db.raw(Self.reportSelect + " WHERE r.project_id = \(bind: projectId) ORDER BY r.id").all()
                .map(ProjectReport.init(row:))
        }
    }

    public func reports(ofPersonalProjectsOf userId: Int64) async throws -> [ProjectReport] {
        try await database.read { db in
            try await db.raw(
                Self.reportSelect
                    + " WHERE p.user_id = \(bind: userId) AND p.team_id IS NULL ORDER BY r.project_id, r.id"
            ).all().map(ProjectReport.init(row:))
        }
    }

    public func report(uuid: String, userId: Int64) async throws -> ProjectReport? {
        try await database.read { db in
            try await db.raw(Self.reportSelect + " WHERE r.uuid = \(bind: uuid) AND r.user_id = \(bind: userId)")
                .first().map(ProjectReport.init(row:))
        }
    }

    public func insert(_ report: ProjectReport) async throws -> ProjectReport {
        try await database.write { db in
            try await SQLQuota.check(
                userId: report.userId, max: quotas.plans,
                "SELECT COUNT(*) AS n FROM project_reports WHERE user_id = \(bind: report.userId)", on: db,
                Quotas.reached("reports", max: quotas.plans, setting: "POMO_MAX_PLANS"))
            return try await Self.insertRow(report, loggedAt: report.updatedAt, on: db)
        }
    }

    public func update(_ report: ProjectReport) async throws {
        try await database.write { db in
            try await db.raw(
                """
                UPDATE project_reports SET title = \(bind: report.title), description = \(bind: report.description),
                    begin_date = \(bind: report.beginDate), end_date = \(bind: report.endDate),
                    data = \(bind: report.data), selected_task_uuids = \(bind: Self.list(report.selectedTaskUUIDs)),
                    excluded_task_uuids = \(bind: Self.list(report.excludedTaskUUIDs)),
                    updated_at = \(bind: ms(report.updatedAt))
                WHERE id = \(bind: report.id)
                """
            ).run()
            try await Self.log(report, "updated", on: db)
        }
    }

    public func delete(reportId: Int64) async throws {
        try await database.write { db in
            let rows = try await db.raw(
                "DELETE FROM project_reports WHERE id = \(bind: reportId) RETURNING uuid, user_id"
            ).all()
            try await SQLChangeLog.deleted(.report, rows: rows, at: Date(), on: db)
        }
    }

    public func trackedSeconds(taskIds: [Int64], from: Date, to: Date, now: Date) async throws -> [Int64: Int64] {
        guard !taskIds.isEmpty else { return [:] }
        return try await database.read { db in
            // One sum per task in the database, over the task-and-time index: the answer is a row a task.
            let rows = try await db.raw(
                """
                SELECT task_id, CAST(SUM(COALESCE(duration_seconds,
                    (\(bind: ms(now)) - begin_time) / 1000)) AS BIGINT) AS seconds
                FROM time_entries
                WHERE task_id IN (\(binds: taskIds)) AND begin_time >= \(bind: ms(from))
                    AND begin_time < \(bind: ms(to))
                GROUP BY task_id
                """
            ).all()
            var seconds: [Int64: Int64] = [:]
            for row in rows {
                seconds[try row.decode(column: "task_id", as: Int64.self)] = max(
                    0, try row.decode(column: "seconds", as: Int64?.self) ?? 0)
            }
            return seconds
        }
    }

    public func trackedTotals(userId: Int64, from: Date, to: Date, now: Date, limit: Int) async throws
        -> [TrackedTotal]
    {
        try await database.read { db in
            try await db.raw(
                """
                SELECT p.uuid AS project_uuid, p.name AS project_name, t.uuid AS task_uuid, t.name AS task_name,
                    a.uuid AS activity_uuid, a.name AS activity_name, COUNT(*) AS entries,
                    CAST(SUM(COALESCE(e.duration_seconds, (\(bind: ms(now)) - e.begin_time) / 1000)) AS BIGINT)
                        AS seconds
                FROM time_entries e LEFT JOIN tasks t ON t.id = e.task_id LEFT JOIN projects p ON p.id = t.project_id
                    LEFT JOIN activities a ON a.id = e.activity_id
                WHERE e.user_id = \(bind: userId) AND e.begin_time >= \(bind: ms(from))
                    AND e.begin_time < \(bind: ms(to))
                GROUP BY p.uuid, p.name, t.uuid, t.name, a.uuid, a.name
                ORDER BY seconds DESC, task_name, activity_name LIMIT \(bind: limit)
                """
            ).all().map { row in
                TrackedTotal(
                    projectUUID: try row.decode(column: "project_uuid", as: String?.self),
                    projectName: try row.decode(column: "project_name", as: String?.self),
                    taskUUID: try row.decode(column: "task_uuid", as: String?.self),
                    taskName: try row.decode(column: "task_name", as: String?.self),
                    activityUUID: try row.decode(column: "activity_uuid", as: String?.self),
                    activityName: try row.decode(column: "activity_name", as: String?.self),
                    entries: Int(try row.decode(column: "entries", as: Int64.self)),
                    seconds: max(0, try row.decode(column: "seconds", as: Int64?.self) ?? 0))
            }
        }
    }

    // MARK: Rows

    /// Writes the estimation (no quota check) and logs its change at `loggedAt`.
    static func insertRow(_ estimation: Estimation, loggedAt: Date, on db: any SQLDatabase) async throws -> Estimation {
        let id = try await db.raw(
            """
            INSERT INTO estimations (uuid, user_id, project_id, title, description, starts_at, ends_at,
                roadmap_state, data, task_uuids, created_at, updated_at)
            VALUES (\(bind: estimation.uuid), \(bind: estimation.userId), \(bind: estimation.projectId),
                \(bind: estimation.title), \(bind: estimation.description), \(bind: estimation.startsAt),
                \(bind: estimation.endsAt), \(bind: estimation.roadmapState.rawValue), \(bind: estimation.data),
                \(bind: Self.list(estimation.taskUUIDs)), \(bind: ms(estimation.createdAt)),
                \(bind: ms(estimation.updatedAt)))
            RETURNING id
            """
        ).first()!.decode(column: "id", as: Int64.self)
        var inserted = estimation
        inserted.id = id
        try await log(inserted, "created", at: loggedAt, on: db)
        return inserted
    }

    /// Writes the report (no quota check) and logs its change at `loggedAt`.
    static func insertRow(_ report: ProjectReport, loggedAt: Date, on db: any SQLDatabase) async throws -> ProjectReport
    {
        let id = try await db.raw(
            """
            INSERT INTO project_reports (uuid, user_id, project_id, title, description, begin_date, end_date,
                data, selected_task_uuids, excluded_task_uuids, created_at, updated_at)
            VALUES (\(bind: report.uuid), \(bind: report.userId), \(bind: report.projectId),
                \(bind: report.title), \(bind: report.description), \(bind: report.beginDate),
                \(bind: report.endDate), \(bind: report.data), \(bind: Self.list(report.selectedTaskUUIDs)),
                \(bind: Self.list(report.excludedTaskUUIDs)), \(bind: ms(report.createdAt)),
                \(bind: ms(report.updatedAt)))
            RETURNING id
            """
        ).first()!.decode(column: "id", as: Int64.self)
        var inserted = report
        inserted.id = id
        try await log(inserted, "created", at: loggedAt, on: db)
        return inserted
    }

    static func list(_ uuids: [String]) -> String { WireJSON.text(uuids) }

    static func list(_ row: any SQLRow, _ column: String) throws -> [String] {
        let text = try row.decode(column: column, as: String.self)
        return (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }

    static func log(_ estimation: Estimation, _ action: String, at: Date? = nil, on db: any SQLDatabase) async throws {
        try await SQLChangeLog.append(
            .estimation, action, id: estimation.uuid, userId: estimation.userId,
            data: WireJSON.text(TimeMagicEstimation(estimation)), at: at ?? estimation.updatedAt, on: db)
    }

    static func log(_ report: ProjectReport, _ action: String, at: Date? = nil, on db: any SQLDatabase) async throws {
        try await SQLChangeLog.append(
            .report, action, id: report.uuid, userId: report.userId, data: WireJSON.text(TimeMagicReport(report)),
            at: at ?? report.updatedAt, on: db)
    }
}

extension Estimation {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "id", as: Int64.self), uuid: try row.decode(column: "uuid", as: String.self),
            userId: try row.decode(column: "user_id", as: Int64.self),
            projectId: try row.decode(column: "project_id", as: Int64.self),
            projectUUID: try row.decode(column: "project_uuid", as: String.self),
            title: try row.decode(column: "title", as: String.self),
            description: try row.decode(column: "description", as: String?.self),
            startsAt: try row.decode(column: "starts_at", as: String?.self),
            endsAt: try row.decode(column: "ends_at", as: String?.self),
            roadmapState: RoadmapState(rawValue: try row.decode(column: "roadmap_state", as: String.self)) ?? .idle,
            data: try row.decode(column: "data", as: String?.self),
            taskUUIDs: try SQLProjectPlanStore.list(row, "task_uuids"), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"))
    }
}

extension ProjectReport {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "id", as: Int64.self), uuid: try row.decode(column: "uuid", as: String.self),
            userId: try row.decode(column: "user_id", as: Int64.self),
            projectId: try row.decode(column: "project_id", as: Int64.self),
            projectUUID: try row.decode(column: "project_uuid", as: String.self),
            title: try row.decode(column: "title", as: String?.self),
            description: try row.decode(column: "description", as: String?.self),
            beginDate: try row.decode(column: "begin_date", as: String.self),
            endDate: try row.decode(column: "end_date", as: String.self),
            data: try row.decode(column: "data", as: String?.self),
            selectedTaskUUIDs: try SQLProjectPlanStore.list(row, "selected_task_uuids"),
            excludedTaskUUIDs: try SQLProjectPlanStore.list(row, "excluded_task_uuids"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}
