import Foundation
import PomoCore
import PomoWire
import SQLKit

public struct SQLImportStore: ImportStore {
    let database: PomoDatabase

    public init(database: PomoDatabase) { self.database = database }

    /// Thrown to roll a dry run back once it has counted.
    private struct DryRun: Error {
        var result: ImportResult
    }

    public func apply(_ plan: ImportPlan, userId: Int64, quotas: Quotas, dryRun: Bool, at now: Date)
        async throws -> ImportResult
    {
        do {
            return try await database.write { db in
                var writer = Writer(userId: userId, now: now, db: db)
                try await writer.account(plan.account)
                for entry in plan.entries { try await writer.entry(entry) }
                try await writer.flushEntries()
                let created = writer.createdEntries
                let store = SQLFocusSessionStore(database: database)
                for session in plan.sessions { try await writer.session(session, store: store) }
                // The sessions' totals in one go, as a backfill adds them.
                try await SQLFocusTotals.apply(writer.totals, userId: userId, on: db)
                try await Self.checkQuota(
                    "projects", "SELECT COUNT(*) AS n FROM projects WHERE user_id = \(bind: userId)", quotas.projects,
                    db)
                try await Self.checkQuota(
                    "tasks", "SELECT COUNT(*) AS n FROM tasks WHERE user_id = \(bind: userId)", quotas.tasks, db)
                try await Self.checkQuota(
                    "activities", "SELECT COUNT(*) AS n FROM activities WHERE user_id = \(bind: userId)",
                    quotas.activities, db)
                try await Self.checkQuota(
                    "estimations", "SELECT COUNT(*) AS n FROM estimations WHERE user_id = \(bind: userId)",
                    quotas.plans, db)
                try await Self.checkQuota(
                    "reports", "SELECT COUNT(*) AS n FROM project_reports WHERE user_id = \(bind: userId)",
                    quotas.plans, db)
                for chunk in stride(from: 0, to: created.count, by: 500) {
                    try await SQLChangeLog.timeEntries(
                        ids: Array(created[chunk..<min(created.count, chunk + 500)]), "created", at: now, on: db)
                }
                if dryRun { throw DryRun(result: writer.result) }
                return writer.result
            }
        } catch let dryRun as DryRun {
            return dryRun.result
        }
    }

    /// One import's writes, with the projects, tasks and activities it has found or made so far.
    private struct Writer {
        let userId: Int64
        let now: Date
        let db: any SQLDatabase
        var result = ImportResult()
        var projects: [String: Int64] = [:]
        var tasks: [String: Int64] = [:]
        /// The uuids of the tasks above, which a session's totals and change are keyed by.
        var taskUUIDs: [Int64: String] = [:]
        var activities: [String: Int64] = [:]
        /// The document's project uuids to the rows they became.
        var documentProjects: [String: Int64] = [:]
        /// Those rows' uuids, which a plan's change names.
        var projectUUIDs: [Int64: String] = [:]
        /// The document's task uuids to the uuids of the tasks they became.
        var documentTasks: [String: String] = [:]
        /// Entry rows waiting for their multi-row insert, and the ids of those inserted.
        var pendingEntries: [[any Encodable & Sendable]] = []
        var createdEntries: [Int64] = []
        /// What the imported sessions add to the maintained totals.
        var totals = FocusTotalsDelta()

        init(userId: Int64, now: Date, db: any SQLDatabase) {
            self.userId = userId
            self.now = now
            self.db = db
        }

        /// The uuid to write for a record the file gave `uuid`: that one when no row has it, nil
        /// when the user already has it (imported before), else `fallback`.
        func uuid(_ uuid: String, fallback: String, in table: String) async throws -> String? {
            guard
                let owner = try await db.raw(
                    "SELECT user_id FROM \(unsafeRaw: table) WHERE uuid = \(bind: uuid)"
                ).first()?.decode(column: "user_id", as: Int64.self)
            else { return uuid }
            return owner == userId ? nil : fallback
        }

        /// A row of the user's with this uuid, if any.
        func own(_ table: String, uuid: String) async throws -> Int64? {
            try await db.raw(
                "SELECT id FROM \(unsafeRaw: table) WHERE uuid = \(bind: uuid) AND user_id = \(bind: userId)"
            ).first()?.decode(column: "id", as: Int64.self)
        }

        mutating func account(_ account: ImportedAccount) async throws {
            for project in account.projects {
                if let id = try await own("projects", uuid: project.uuid) {
                    documentProjects[project.uuid] = id
                    projectUUIDs[id] = project.uuid
                    continue
                }
                if let found = try await SQLProjectStore.personal(named: project.name, userId: userId, db) {
                    documentProjects[project.uuid] = found.id
                    projectUUIDs[found.id] = found.uuid
                    continue
                }
                var fresh = project
                fresh.uuid = try await uuid(project.uuid, fallback: Self.fresh(), in: "projects") ?? Self.fresh()
                let id = try await insert(fresh)
                documentProjects[project.uuid] = id
                projectUUIDs[id] = fresh.uuid
                projects[project.name] = id
            }
            for task in account.tasks {
                guard let projectId = documentProjects[task.projectUUID] else { continue }
                if try await own("tasks", uuid: task.uuid) != nil {
                    documentTasks[task.uuid] = task.uuid
                    continue
                }
                if let found = try await existingTask(task.name, projectId: projectId) {
                    tasks["\(projectId)/\(task.name)"] = found
                    documentTasks[task.uuid] = taskUUIDs[found]
                    continue
                }
                var fresh = task
                fresh.uuid = try await uuid(task.uuid, fallback: Self.fresh(), in: "tasks") ?? Self.fresh()
                tasks["\(projectId)/\(task.name)"] = try await insert(fresh, projectId: projectId)
                documentTasks[task.uuid] = fresh.uuid
            }
            for activity in account.activities {
                if try await own("activities", uuid: activity.uuid) != nil { continue }
                if try await findActivity(activity.name) != nil { continue }
                let uuid = try await uuid(activity.uuid, fallback: Self.fresh(), in: "activities") ?? Self.fresh()
                _ = try await insertActivity(
                    activity.name, uuid: uuid, type: activity.activityType, state: activity.state, times: activity.times
                )
            }
            for goal in account.goals {
                var projectId: Int64? = nil
                if let projectUUID = goal.projectUUID {
                    guard let id = documentProjects[projectUUID] else { continue }
                    projectId = id
                }
                let owner = projectId.map { "project:\($0)" } ?? "user:\(userId)"
                let exists = try await db.raw(
                    """
                    SELECT 1 AS one FROM goals WHERE owner_key = \(bind: owner) AND period = \(bind: goal.period.rawValue)
                        AND begin_date = \(bind: goal.beginDate)
                    """
                ).first()
                if exists != nil { continue }
                let uuid = try await uuid(goal.uuid, fallback: Self.fresh(), in: "goals") ?? Self.fresh()
                let id = try await db.raw(
                    """
                    INSERT INTO goals (uuid, user_id, project_id, owner_key, text, period, begin_date, created_at,
                        updated_at)
                    VALUES (\(bind: uuid), \(bind: userId), \(bind: projectId), \(bind: owner), \(bind: goal.text),
                        \(bind: goal.period.rawValue), \(bind: goal.beginDate), \(bind: ms(goal.times.createdAt)),
                        \(bind: ms(goal.times.updatedAt)))
                    RETURNING id
                    """
                ).first()!.decode(column: "id", as: Int64.self)
                try await SQLChangeLog.goal(id: id, "created", at: now, on: db)
                result.goals += 1
            }
            for estimation in account.estimations { try await plan(estimation) }
            for report in account.reports { try await plan(report) }
        }

        /// Where a plan of the document goes: its project's row and uuid here, and the uuid to
        /// write (the document's when free, else the one made for this user); nil when the project
        /// was not written or the plan was imported before, under either uuid.
        func placePlan(_ projectUUID: String, uuid: String, fallback: String, in table: String) async throws
            -> (projectId: Int64, projectUUID: String, uuid: String)?
        {
            guard let projectId = documentProjects[projectUUID], let here = projectUUIDs[projectId],
                try await own(table, uuid: fallback) == nil,
                let free = try await self.uuid(uuid, fallback: fallback, in: table)
            else { return nil }
            return (projectId, here, free)
        }

        /// The document's task uuids, in a list or anywhere in a plan's `data`, as the tasks they
        /// became (a task another user of the server has keeps its new uuid).
        func mapped(_ uuids: [String]) -> [String] { uuids.compactMap { documentTasks[$0] } }

        func mapped(_ data: String?) -> String? {
            guard let data, documentTasks.contains(where: { $0.key != $0.value }),
                let value = FreeFormJSON.value(data)
            else { return data }
            return (try? FreeFormJSON.text(value.replacingStrings(documentTasks), field: "data")) ?? data
        }

        mutating func plan(_ estimation: ImportedEstimation) async throws {
            guard
                let place = try await placePlan(
                    estimation.projectUUID, uuid: estimation.uuid, fallback: estimation.fallbackUUID,
                    in: "estimations")
            else { return }
            _ = try await SQLProjectPlanStore.insertRow(
                Estimation(
                    id: 0, uuid: place.uuid, userId: userId, projectId: place.projectId,
                    projectUUID: place.projectUUID, title: estimation.title, description: estimation.description,
                    startsAt: estimation.startsAt, endsAt: estimation.endsAt, roadmapState: estimation.roadmapState,
                    data: mapped(estimation.data), taskUUIDs: mapped(estimation.taskUUIDs),
                    createdAt: estimation.times.createdAt, updatedAt: estimation.times.updatedAt),
                loggedAt: now, on: db)
            result.estimations += 1
        }

        mutating func plan(_ report: ImportedReport) async throws {
            guard
                let place = try await placePlan(
                    report.projectUUID, uuid: report.uuid, fallback: report.fallbackUUID, in: "project_reports")
            else { return }
            _ = try await SQLProjectPlanStore.insertRow(
                ProjectReport(
                    id: 0, uuid: place.uuid, userId: userId, projectId: place.projectId,
                    projectUUID: place.projectUUID, title: report.title, description: report.description,
                    beginDate: report.beginDate, endDate: report.endDate, data: mapped(report.data),
                    selectedTaskUUIDs: mapped(report.selectedTaskUUIDs),
                    excludedTaskUUIDs: mapped(report.excludedTaskUUIDs), createdAt: report.times.createdAt,
                    updatedAt: report.times.updatedAt),
                loggedAt: now, on: db)
            result.reports += 1
        }

        /// Queues the entry for the next multi-row insert, which leaves out (and counts as
        /// skipped) every uuid already there: an entry imported before.
        mutating func entry(_ entry: ResolvedEntry) async throws {
            var taskId: Int64?
            var activityId: Int64?
            if let activity = entry.activity {
                activityId = try await self.activity(activity)
            } else if let projectName = entry.project, let taskName = entry.task {
                taskId = try await task(taskName, projectId: try await project(projectName))
            }
            var uuid = entry.uuid
            if let original = entry.originalUUID {
                guard let free = try await self.uuid(original, fallback: entry.uuid, in: "time_entries") else {
                    result.skipped += 1
                    return
                }
                uuid = free
            }
            let times = entry.times ?? RecordTimes(createdAt: now, updatedAt: now)
            pendingEntries.append([
                uuid, userId, taskId, activityId, ms(entry.begin), ms(entry.end),
                Int64(entry.end.timeIntervalSince(entry.begin).rounded()), entry.description, ms(times.createdAt),
                ms(times.updatedAt),
            ])
            if pendingEntries.count == Self.entryBatch { try await flushEntries() }
        }

        static let entryBatch = 200

        mutating func flushEntries() async throws {
            guard !pendingEntries.isEmpty else { return }
            let ids = try await SQLImportStore.entryInsert(rows: pendingEntries.count)
                .raw(on: db, pendingEntries.flatMap { $0 }).all().map { try $0.decode(column: "id", as: Int64.self) }
            result.timeEntries += ids.count
            result.skipped += pendingEntries.count - ids.count
            createdEntries += ids
            pendingEntries.removeAll(keepingCapacity: true)
        }

        /// A finished session, with the totals and change log a session write keeps.
        mutating func session(_ resolved: ResolvedSession, store: SQLFocusSessionStore) async throws {
            let imported = resolved.session
            guard let uuid = try await uuid(imported.uuid, fallback: resolved.uuid, in: "focus_sessions") else {
                result.skipped += 1
                return
            }
            var session = FocusSession(
                uuid: uuid, userId: userId, kind: imported.kind, status: imported.status, timezone: resolved.timezone,
                localDate: resolved.localDate, startedAt: imported.start, createdAt: imported.end ?? imported.start)
            if let projectName = imported.project {
                let projectId = try await project(projectName)
                session.projectId = projectId
                if let taskName = imported.task { session.taskId = try await task(taskName, projectId: projectId) }
            }
            session.category = imported.category
            session.durationMinutes = imported.durationMinutes
            session.endedAt = imported.end
            session.note = imported.note
            session.source = imported.source
            if let score = imported.pofScore {
                // The document keeps the score and the points, not the factors behind them.
                session.pof = PofResult(
                    score: score, trustworthiness: Trustworthiness(score: score), points: imported.points ?? 0,
                    factors: PofFactors(completion: 1, planning: 1, timing: 1, source: 1))
            }
            session.taskUUID = session.taskId.flatMap { taskUUIDs[$0] }
            guard let id = try await store.insertRow(session, on: db, ifNewUUID: true) else {
                result.skipped += 1
                return
            }
            session.id = id
            totals.add(session)
            try await SQLChangeLog.session(before: nil, after: session, on: db)
            result.sessions += 1
        }

        mutating func project(_ name: String) async throws -> Int64 {
            if let known = projects[name] { return known }
            let id: Int64
            if let found = try await SQLProjectStore.personal(named: name, userId: userId, db)?.id {
                id = found
            } else {
                id = try await insert(
                    ImportedProject(
                        uuid: Self.fresh(), name: name, description: nil, projectType: .other, rateCents: nil,
                        rateCurrency: nil, times: RecordTimes(createdAt: now, updatedAt: now)))
            }
            projects[name] = id
            return id
        }

        mutating func task(_ name: String, projectId: Int64) async throws -> Int64 {
            let key = "\(projectId)/\(name)"
            if let known = tasks[key] { return known }
            let id: Int64
            if let found = try await existingTask(name, projectId: projectId) {
                id = found
            } else {
                id = try await insert(
                    ImportedTask(
                        uuid: Self.fresh(), projectUUID: "", name: name, description: nil, status: .pending,
                        taskType: .default, data: nil, times: RecordTimes(createdAt: now, updatedAt: now)),
                    projectId: projectId)
            }
            tasks[key] = id
            return id
        }

        /// The project's task of this name, if there is one (its uuid noted for the sessions on it).
        mutating func existingTask(_ name: String, projectId: Int64) async throws -> Int64? {
            guard
                let row = try await db.raw(
                    """
                    SELECT id, uuid FROM tasks WHERE project_id = \(bind: projectId) AND name = \(bind: name)
                    ORDER BY id LIMIT 1
                    """
                ).first()
            else { return nil }
            let id = try row.decode(column: "id", as: Int64.self)
            taskUUIDs[id] = try row.decode(column: "uuid", as: String.self)
            return id
        }

        mutating func activity(_ name: String) async throws -> Int64 {
            if let known = activities[name] { return known }
            if let found = try await findActivity(name) {
                activities[name] = found
                return found
            }
            let id = try await insertActivity(
                name, uuid: Self.fresh(), type: .other, state: .pending,
                times: RecordTimes(createdAt: now, updatedAt: now))
            activities[name] = id
            return id
        }

        func findActivity(_ name: String) async throws -> Int64? {
            try await db.raw(
                "SELECT id FROM activities WHERE user_id = \(bind: userId) AND name = \(bind: name) ORDER BY id LIMIT 1"
            ).first()?.decode(column: "id", as: Int64.self)
        }

        mutating func insertActivity(
            _ name: String, uuid: String, type: ActivityType, state: ActivityState, times: RecordTimes
        ) async throws -> Int64 {
            let id = try await db.raw(
                """
                INSERT INTO activities (uuid, user_id, name, activity_type, state, created_at, updated_at)
                VALUES (\(bind: uuid), \(bind: userId), \(bind: name), \(bind: type.rawValue), \(bind: state.rawValue),
                    \(bind: ms(times.createdAt)), \(bind: ms(times.updatedAt)))
                RETURNING id
                """
            ).first()!.decode(column: "id", as: Int64.self)
            try await SQLChangeLog.activity(id: id, "created", at: now, on: db)
            result.activities += 1
            activities[name] = id
            return id
        }

        /// A project as the file describes it (or a name's defaults), counted as created.
        mutating func insert(_ project: ImportedProject) async throws -> Int64 {
            let id = try await db.raw(
                """
                INSERT INTO projects (uuid, user_id, name, description, project_type, rate_cents, rate_currency,
                    allow_parallel_tasks, working_hours_per_day, is_active, created_at, updated_at)
                VALUES (\(bind: project.uuid), \(bind: userId), \(bind: project.name), \(bind: project.description),
                    \(bind: project.projectType.rawValue), \(bind: project.rateCents), \(bind: project.rateCurrency),
                    \(bind: project.allowParallelTasks), \(bind: project.workingHoursPerDay), \(bind: true),
                    \(bind: ms(project.times.createdAt)), \(bind: ms(project.times.updatedAt)))
                RETURNING id
                """
            ).first()!.decode(column: "id", as: Int64.self)
            try await SQLChangeLog.project(id: id, "created", at: now, on: db)
            result.projects += 1
            return id
        }

        /// A task as the file describes it (or a name's defaults), counted as created.
        mutating func insert(_ task: ImportedTask, projectId: Int64) async throws -> Int64 {
            let id = try await db.raw(
                """
                INSERT INTO tasks (uuid, user_id, project_id, name, description, status, task_type, data,
                    daily_target, created_at, updated_at)
                VALUES (\(bind: task.uuid), \(bind: userId), \(bind: projectId), \(bind: task.name),
                    \(bind: task.description), \(bind: task.status.rawValue), \(bind: task.taskType.rawValue),
                    \(bind: task.data), 0, \(bind: ms(task.times.createdAt)), \(bind: ms(task.times.updatedAt)))
                RETURNING id
                """
            ).first()!.decode(column: "id", as: Int64.self)
            try await SQLChangeLog.task(id: id, "created", at: now, on: db)
            result.tasks += 1
            taskUUIDs[id] = task.uuid
            return id
        }

        static func fresh() -> String { UUID().uuidString.lowercased() }
    }

    /// The entries' insert, `entryBatch` rows (or fewer) at a time.
    static let entryInsert = MultiRowTemplates(width: 10) { rows in
        """
        INSERT INTO time_entries (uuid, user_id, task_id, activity_id, begin_time, end_time, duration_seconds, comment,
            created_at, updated_at)
        VALUES \(rows)
        ON CONFLICT (uuid) DO NOTHING RETURNING id
        """
    }

    private static func checkQuota(_ what: String, _ count: SQLQueryString, _ max: Int, _ db: any SQLDatabase)
        async throws
    {
        let n = try await db.raw(count).first()?.decode(column: "n", as: Int.self) ?? 0
        guard n <= max else {
            throw AppError(
                .unprocessable, "the import would give you \(n) \(what); at most \(max) are allowed", field: "file")
        }
    }
}
