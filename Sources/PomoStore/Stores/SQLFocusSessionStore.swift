import Foundation
import PomoCore
import PomoWire
import SQLKit

public struct SQLFocusSessionStore: FocusSessionStore {
    let database: PomoDatabase

    public init(database: PomoDatabase) { self.database = database }

    /// Every session read carries its task's uuid.
    static let select: SQLQueryString =
        "SELECT fs.*, t.uuid AS task_uuid FROM focus_sessions fs LEFT JOIN tasks t ON t.id = fs.task_id"

    public func create(_ session: FocusSession) async throws -> FocusSession {
        do {
            if let created = try await SQLSessionInsert.run(session, on: database) { return created }
            return try await database.write { db in
                var created = session
                created.id = try await insertRow(session, on: db)
                try await Self.written(before: nil, after: created, on: db)
                return created
            }
        } catch  where SQLErrors.isUniqueViolation(error) && session.status == .active {
            // The partial unique index "one active session per user" refused it.
            throw FocusSessionRules.alreadyActive(try await active(userId: session.userId)?.id ?? 0)
        }
    }

    public func find(id: Int64, userId: Int64) async throws -> FocusSession? {
        try await database.read { db in
            try await db.kept(Self.select + " WHERE fs.id = \(bind: id) AND fs.user_id = \(bind: userId)").first()
                .map(FocusSession.init(row:))
        }
    }

    public func find(uuid: String, userId: Int64) async throws -> FocusSession? {
        try await database.read { db in
            try await db.kept(Self.select + " WHERE fs.uuid = \(bind: uuid) AND fs.user_id = \(bind: userId)").first()
                .map(FocusSession.init(row:))
        }
    }

    public func active(userId: Int64) async throws -> FocusSession? {
        try await database.read { db in
            try await db.kept(Self.select + " WHERE fs.user_id = \(bind: userId) AND fs.status = 'active'").first()
                .map(FocusSession.init(row:))
        }
    }

    public func modify(id: Int64, userId: Int64, _ change: @Sendable (inout FocusSession) throws -> Void) async throws
        -> FocusSession?
    {
        try await database.write { db in
            let lock: SQLQueryString = SQLFlavor(db).isPostgres ? " FOR UPDATE OF fs" : ""
            guard
                var session = try await db.raw(
                    Self.select + " WHERE fs.id = \(bind: id) AND fs.user_id = \(bind: userId)" + lock
                ).first().map(FocusSession.init(row:))
            else { return nil }
            let before = session
            try change(&session)
            if let entry = FocusSessionRules.timeEntry(before: before, after: session) {
                try await insert(entry, at: session.updatedAt, on: db)
            }
            try await updateRow(session, on: db)
            try await Self.written(before: before, after: session, on: db)
            return session
        }
    }

    public func delete(id: Int64, userId: Int64, at now: Date) async throws -> FocusSession? {
        try await database.write { db in
            let lock: SQLQueryString = SQLFlavor(db).isPostgres ? " FOR UPDATE OF fs" : ""
            guard
                let session = try await db.raw(
                    Self.select + " WHERE fs.id = \(bind: id) AND fs.user_id = \(bind: userId)" + lock
                ).first().map(FocusSession.init(row:))
            else { return nil }
            try await db.raw("DELETE FROM focus_sessions WHERE id = \(bind: id)").run()
            try await SQLFocusTotals.apply(FocusTotalsDelta(before: session, after: nil), userId: userId, on: db)
            try await SQLFocusTotals.sessionLeft(session, after: nil, on: db)
            try await SQLChangeLog.append(
                .session, "deleted", id: session.uuid, userId: userId, data: nil, at: now, on: db)
            return session
        }
    }

    public func list(userId: Int64, _ query: SessionQuery) async throws -> [FocusSession] {
        let sql = Self.listed(Self.select, userId: userId, query)
        return try await database.read { db in try await db.kept(sql).all().map(FocusSession.init(row:)) }
    }

    public func scan(
        userId: Int64, _ query: SessionQuery, _ body: @escaping @Sendable (any ColumnRow) throws -> Void
    ) async throws {
        let sql = Self.listed(Self.listColumns.select, userId: userId, query)
        try await database.read { db in try await db.scan(sql, columns: Self.listColumns.names, body) }
    }

    /// `SessionListColumn`'s columns in its order.
    static let listColumns = ListedColumns(
        SessionListColumn.allCases.map { column in
            switch column {
            case .id: ("fs.id", "id")
            case .uuid: ("fs.uuid", "uuid")
            case .userId: ("fs.user_id", "user_id")
            case .taskUUID: ("t.uuid", "task_uuid")
            case .kind: ("fs.kind", "kind")
            case .status: ("fs.status", "status")
            case .plannedMinutes: ("fs.planned_minutes", "planned_minutes")
            case .durationMinutes: ("fs.duration_minutes", "duration_minutes")
            case .startedAt: ("fs.started_at", "started_at")
            case .scheduledEndAt: ("fs.scheduled_end_at", "scheduled_end_at")
            case .endedAt: ("fs.ended_at", "ended_at")
            case .notificationSent: ("fs.notification_sent", "notification_sent")
            case .evaluationSubmitted: ("fs.evaluation_submitted", "evaluation_submitted")
            case .createdAt: ("fs.created_at", "created_at")
            case .updatedAt: ("fs.updated_at", "updated_at")
            case .pofScore: ("fs.pof_score", "pof_score")
            case .pofFactors: ("fs.pof_factors", "pof_factors")
            case .points: ("fs.points", "points")
            }
        }, from: "focus_sessions fs LEFT JOIN tasks t ON t.id = fs.task_id")

    /// `select` for the user's sessions after the cursor and matching the filters, newest first.
    private static func listed(_ select: SQLQueryString, userId: Int64, _ query: SessionQuery) -> SQLQueryString {
        var sql = select + " WHERE fs.user_id = \(bind: userId)"
        if let after = query.after {
            let start = ms(after.startedAt)
            sql +=
                " AND (fs.started_at < \(bind: start) OR (fs.started_at = \(bind: start) AND fs.id < \(bind: after.id)))"
        }
        if let from = query.from { sql += " AND fs.started_at >= \(bind: ms(from))" }
        if let to = query.to { sql += " AND fs.started_at < \(bind: ms(to))" }
        if let statuses = query.statuses { sql += " AND fs.status IN (\(binds: statuses.map(\.rawValue)))" }
        if let kinds = query.kinds { sql += " AND fs.kind IN (\(binds: kinds.map(\.rawValue)))" }
        if let projectId = query.projectId { sql += " AND fs.project_id = \(bind: projectId)" }
        if let category = query.category { sql += " AND fs.category = \(bind: category)" }
        sql += " ORDER BY fs.started_at DESC, fs.id DESC LIMIT \(bind: query.limit)"
        return sql
    }

    public func write(uuid: String, _ decide: @Sendable (FocusSession?) throws -> SessionWrite) async throws
        -> SessionWrite
    {
        let firstSighting = try? decide(nil)
        if case .insert(let session) = firstSighting {
            do {
                if let inserted = try await SQLSessionInsert.run(session, on: database) { return .insert(inserted) }
            } catch  where SQLErrors.isUniqueViolation(error) {
                // The uuid is taken (a replay, a plan to complete) or the user has an active
                // session: the transaction below reads which and decides.
            }
        }
        do {
            return try await writeOnce(uuid: uuid, firstSighting: firstSighting, decide)
        } catch  where SQLErrors.isUniqueViolation(error) {
            // Racing inserts of one uuid meet ON CONFLICT (uuid) below, so the index that refused
            // this write is "one active session per user".
            guard let userId = firstSighting?.session.userId else { throw error }
            throw FocusSessionRules.alreadyActive(try await active(userId: userId)?.id ?? 0)
        }
    }

    private func writeOnce(
        uuid: String, firstSighting: SessionWrite?, _ decide: @Sendable (FocusSession?) throws -> SessionWrite
    ) async throws -> SessionWrite {
        try await database.write { db in
            // Most writes are first sightings of a uuid: make the insert that "no row yet" decides,
            // and read the row only when one was already there.
            if case .insert(var session) = firstSighting,
                let id = try await insertRow(session, on: db, ifNewUUID: true)
            {
                session.id = id
                try await Self.written(before: nil, after: session, on: db)
                return .insert(session)
            }
            let lock: SQLQueryString = SQLFlavor(db).isPostgres ? " FOR UPDATE OF fs" : ""
            let existing = try await db.raw(Self.select + " WHERE fs.uuid = \(bind: uuid)" + lock).first()
                .map(FocusSession.init(row:))
            switch try decide(existing) {
            case .insert(var session):
                session.id = try await insertRow(session, on: db)
                try await Self.written(before: nil, after: session, on: db)
                return .insert(session)
            case .update(let session):
                if let existing, let entry = FocusSessionRules.timeEntry(before: existing, after: session) {
                    try await insert(entry, at: session.updatedAt, on: db)
                }
                try await updateRow(session, on: db)
                try await Self.written(before: existing, after: session, on: db)
                return .update(session)
            case .unchanged(let session):
                return .unchanged(session)
            }
        }
    }

    public func expireStale(userId: Int64, at now: Date) async throws {
        try await database.write { db in
            // A user has at most a few open sessions (one active, plans): each is judged by the
            // core's rule and written back with its totals and change.
            let lock: SQLQueryString = SQLFlavor(db).isPostgres ? " FOR UPDATE OF fs" : ""
            let open = try await db.raw(
                Self.select
                    + " WHERE fs.user_id = \(bind: userId) AND fs.status IN ('planned', 'active') ORDER BY fs.id"
                    + lock
            ).all().map(FocusSession.init(row:))
            for before in open {
                var after = before
                guard FocusSessionRules.lapse(&after, at: now) else { continue }
                try await updateRow(after, on: db)
                try await Self.written(before: before, after: after, on: db)
            }
        }
    }

    /// What every session write does besides the row itself, in its transaction: the totals and
    /// the change log.
    static func written(before: FocusSession?, after: FocusSession, on db: any SQLDatabase) async throws {
        try await SQLFocusTotals.apply(before: before, after: after, on: db)
        // A finished session moved to another category or project (the sessions page's edit).
        if let before, before.status == after.status, !before.status.isOpen,
            before.category != after.category || before.projectId != after.projectId
        {
            try await SQLFocusTotals.sessionLeft(before, after: after, on: db)
        }
        try await SQLChangeLog.session(before: before, after: after, on: db)
    }

    public func overlappingSeconds(userId: Int64, start: Date, end: Date, excluding uuid: String) async throws
        -> Double
    {
        let (start, end) = (ms(start), ms(end))
        // The latest sessions that start before the end, newest first over the (user, start)
        // index, at most `overlapCandidates` of those that overlap: a few already cover the whole
        // period (the share is capped at 1), and a user with thousands of copies of one session
        // must not make each new submit read them all. Sessions last at most a day.
        let covered = try await database.read { db in
            try await Self.overlap.raw(on: db, [end, end, start, start, userId, end, start - 86_400_000, start, uuid])
                .first()?.decode(column: "covered", as: Int64.self) ?? 0
        }
        return Double(covered) / 1000
    }

    /// Read before every submit: a template, kept prepared on PostgreSQL.
    private static let overlap = SQLTemplate(binds: 9) { v in
        """
        SELECT CAST(COALESCE(SUM(
            CASE WHEN ended_at < \(v[0]) THEN ended_at ELSE \(v[1]) END
            - CASE WHEN started_at > \(v[2]) THEN started_at ELSE \(v[3]) END), 0) AS BIGINT)
            AS covered
        FROM (
            SELECT started_at, ended_at FROM focus_sessions
            WHERE user_id = \(v[4]) AND started_at < \(v[5])
                AND started_at > \(v[6]) AND ended_at > \(v[7])
                AND kind = 'work' AND status = 'completed' AND uuid <> \(v[8])
            ORDER BY started_at DESC LIMIT \(unsafeRaw: String(overlapCandidates))) AS overlapping
        """
    }

    static let overlapCandidates = 16

    public func countFocusing(at now: Date) async throws -> Int {
        let now = ms(now)
        let grace = Int64(FocusSessionRules.presenceGrace * 1000)
        return try await database.read { db in
            try await db.raw(
                """
                SELECT COUNT(DISTINCT user_id) AS focusing FROM focus_sessions
                WHERE status IN ('planned', 'active') AND kind = 'work' AND started_at <= \(bind: now)
                    AND (expires_at IS NULL OR expires_at > \(bind: now))
                    AND (scheduled_end_at IS NULL OR scheduled_end_at > \(bind: now - grace))
                """
            ).first()!.decode(column: "focusing", as: Int.self)
        }
    }

    private func insertRow(_ session: FocusSession, on db: any SQLDatabase) async throws -> Int64 {
        try await insertRow(session, on: db, ifNewUUID: false)!
    }

    /// With `ifNewUUID`, a row whose uuid exists already is left alone and nil is returned.
    func insertRow(_ session: FocusSession, on db: any SQLDatabase, ifNewUUID: Bool) async throws -> Int64? {
        let template = ifNewUUID ? Self.insertIfNewUUID : Self.insert
        return try await template.raw(on: db, Self.columns.map { $0.value(session) }).first()?
            .decode(column: "id", as: Int64.self)
    }

    /// Writes back every field a rule may change.
    private func updateRow(_ session: FocusSession, on db: any SQLDatabase) async throws {
        try await Self.update.raw(on: db, Self.updatedColumns.map { $0.value(session) } + [session.id]).run()
    }

    /// A row's columns and where each value comes from, in one place for the insert and update.
    typealias Column = (name: String, value: @Sendable (FocusSession) -> any Encodable & Sendable)
    static let columns: [Column] = [
        ("uuid", { $0.uuid }), ("user_id", { $0.userId }), ("task_id", { $0.taskId }),
        ("project_id", { $0.projectId }), ("kind", { $0.kind.rawValue }), ("status", { $0.status.rawValue }),
        ("category", { $0.category }), ("planned_minutes", { $0.plannedMinutes }),
        ("duration_minutes", { $0.durationMinutes }), ("planning_notes", { $0.planningNotes }),
        ("goals", { $0.goals }), ("energy_level", { $0.energyLevel }), ("note", { $0.note }),
        ("source", { $0.source }), ("app_version", { $0.appVersion }), ("timezone", { $0.timezone }),
        ("local_date", { $0.localDate }), ("started_at", { ms($0.startedAt) }),
        ("scheduled_end_at", { ms($0.scheduledEndAt) }), ("ended_at", { ms($0.endedAt) }),
        ("expires_at", { ms($0.expiresAt) }), ("cancel_reason", { $0.cancelReason }),
        ("cancel_note", { $0.cancelNote }), ("pof_score", { $0.pof?.score }),
        ("pof_factors", { factorsJSON($0.pof) }), ("points", { $0.pof?.points }),
        ("trustworthiness", { $0.pof?.trustworthiness.rawValue }), ("submit_digest", { $0.submitDigest }),
        ("notification_sent", { $0.notificationSent }), ("evaluation_rating", { $0.evaluationRating }),
        ("evaluation_note", { $0.evaluationNote }), ("evaluation_submitted", { $0.evaluationSubmitted }),
        ("created_at", { ms($0.createdAt) }), ("updated_at", { ms($0.updatedAt) }),
    ]
    /// Every column but the ones a session never changes after its insert.
    private static let updatedColumns = columns.filter {
        ![
            "uuid", "user_id", "task_id", "kind", "planning_notes", "goals", "energy_level", "timezone",
            "scheduled_end_at", "created_at",
        ].contains($0.name)
    }
    private static let insert = SQLTemplate.insert(
        into: "focus_sessions", columns: columns.map(\.name), then: " RETURNING id")
    private static let insertIfNewUUID = SQLTemplate.insert(
        into: "focus_sessions", columns: columns.map(\.name), then: " ON CONFLICT (uuid) DO NOTHING RETURNING id")
    private static let update = SQLTemplate(binds: updatedColumns.count + 1) { values in
        let assignments = zip(updatedColumns, values).map { "\(unsafeRaw: $0.name) = \($1)" as SQLQueryString }
        return "UPDATE focus_sessions SET \(SQLList(assignments)) WHERE id = \(values.last!)"
    }

    private func insert(_ entry: TimeEntryDraft, at now: Date, on db: any SQLDatabase) async throws {
        let id = try await db.raw(
            """
            INSERT INTO time_entries (uuid, user_id, task_id, focus_session_id, begin_time, end_time, duration_seconds,
                comment, created_at, updated_at)
            VALUES (\(bind: UUID().uuidString.lowercased()), \(bind: entry.userId), \(bind: entry.taskId),
                \(bind: entry.focusSessionId), \(bind: ms(entry.begin)), \(bind: ms(entry.end)),
                \(bind: entry.durationSeconds), \(bind: entry.comment), \(bind: ms(now)), \(bind: ms(now)))
            RETURNING id
            """
        ).first()!.decode(column: "id", as: Int64.self)
        try await SQLChangeLog.timeEntries(ids: [id], "created", at: now, on: db)
    }

    private static func factorsJSON(_ pof: PofResult?) -> String? {
        pof.map { $0.factors.jsonText(capacity: 96) }
    }
}

public struct SQLTaskLookup: TaskLookup {
    let database: PomoDatabase

    public init(database: PomoDatabase) { self.database = database }

    public func task(uuid: String, userId: Int64) async throws -> TaskRef? {
        try await database.read { db in
            try await db.raw(
                "SELECT id, uuid, user_id, project_id FROM tasks WHERE uuid = \(bind: uuid) AND user_id = \(bind: userId)"
            ).first().map(TaskRef.init(row:))
        }
    }

    public func daily(userId: Int64, localDate: String) async throws -> [DailyTask] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT t.uuid, t.name, t.time_label, t.daily_target, e.count AS completed
                FROM tasks t LEFT JOIN task_executions e ON e.task_id = t.id AND e.local_date = \(bind: localDate)
                WHERE t.user_id = \(bind: userId) AND (t.status NOT IN ('completed', 'archived') OR e.count IS NOT NULL)
                ORDER BY t.created_at, t.id
                """
            ).all().map { row in
                DailyTask(
                    uuid: try row.decode(column: "uuid", as: String.self),
                    title: try row.decode(column: "name", as: String.self),
                    timeLabel: try row.decode(column: "time_label", as: String?.self),
                    target: try row.decode(column: "daily_target", as: Int.self),
                    completed: try row.decode(column: "completed", as: Int?.self) ?? 0)
            }
        }
    }

    public func recordExecution(taskId: Int64, userId: Int64, localDate: String, at now: Date) async throws -> Int {
        try await database.write { db in
            try await db.raw(
                """
                INSERT INTO task_executions (task_id, user_id, local_date, count, updated_at)
                VALUES (\(bind: taskId), \(bind: userId), \(bind: localDate), 1, \(bind: ms(now)))
                ON CONFLICT (task_id, local_date)
                DO UPDATE SET count = task_executions.count + 1, updated_at = excluded.updated_at
                RETURNING count
                """
            ).first()!.decode(column: "count", as: Int.self)
        }
    }
}

extension TaskRef {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "id", as: Int64.self), uuid: try row.decode(column: "uuid", as: String.self),
            userId: try row.decode(column: "user_id", as: Int64.self),
            projectId: try row.decode(column: "project_id", as: Int64.self))
    }
}

extension FocusSession {
    init(row: any SQLRow) throws {
        self.init(
            uuid: try row.decode(column: "uuid", as: String.self),
            userId: try row.decode(column: "user_id", as: Int64.self),
            kind: SessionKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .work,
            status: SessionStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .cancelled,
            timezone: try row.decode(column: "timezone", as: String.self),
            localDate: try row.decode(column: "local_date", as: String.self), startedAt: try row.date("started_at"),
            createdAt: try row.date("created_at"))
        id = try row.decode(column: "id", as: Int64.self)
        taskId = try row.decode(column: "task_id", as: Int64?.self)
        taskUUID = try row.decode(column: "task_uuid", as: String?.self)
        projectId = try row.decode(column: "project_id", as: Int64?.self)
        category = try row.decode(column: "category", as: String?.self)
        plannedMinutes = try row.decode(column: "planned_minutes", as: Double?.self)
        durationMinutes = try row.decode(column: "duration_minutes", as: Double?.self)
        planningNotes = try row.decode(column: "planning_notes", as: String?.self)
        goals = try row.decode(column: "goals", as: String?.self)
        energyLevel = try row.decode(column: "energy_level", as: Int?.self)
        note = try row.decode(column: "note", as: String?.self)
        source = try row.decode(column: "source", as: String?.self)
        appVersion = try row.decode(column: "app_version", as: String?.self)
        scheduledEndAt = try row.optionalDate("scheduled_end_at")
        endedAt = try row.optionalDate("ended_at")
        expiresAt = try row.optionalDate("expires_at")
        cancelReason = try row.decode(column: "cancel_reason", as: String?.self)
        cancelNote = try row.decode(column: "cancel_note", as: String?.self)
        if let score = try row.decode(column: "pof_score", as: Int?.self),
            let factors = try row.decode(column: "pof_factors", as: String?.self)
        {
            pof = PofResult(
                score: score, trustworthiness: Trustworthiness(score: score),
                points: try row.decode(column: "points", as: Double?.self) ?? 0,
                factors: try PofFactors(stored: factors))
        }
        submitDigest = try row.decode(column: "submit_digest", as: String?.self)
        notificationSent = try row.decode(column: "notification_sent", as: Bool.self)
        evaluationRating = try row.decode(column: "evaluation_rating", as: Int?.self)
        evaluationNote = try row.decode(column: "evaluation_note", as: String?.self)
        evaluationSubmitted = try row.decode(column: "evaluation_submitted", as: Bool.self)
        updatedAt = try row.date("updated_at")
    }
}

extension PofFactors {
    /// Reads the stored `{"completion":1,"planning":0.85,...}` (`overlap` is absent in sessions
    /// stored before it existed: 1). A list page reads it for every row, so the numbers are read
    /// from the bytes directly (no substrings, no dictionary); anything else falls back to the
    /// decoder.
    init(stored text: String) throws {
        if let factors = Self.fastRead(text) {
            self = factors
        } else {
            self = try JSONDecoder().decode(PofFactors.self, from: Data(text.utf8))
        }
    }

    private static func fastRead(_ text: String) -> PofFactors? {
        var text = text
        return text.withUTF8 { bytes -> PofFactors? in
            var values: (Double?, Double?, Double?, Double?, Double?) = (nil, nil, nil, nil, nil)
            guard bytes.count > 2, bytes.first == UInt8(ascii: "{"), bytes.last == UInt8(ascii: "}") else { return nil }
            var index = 1
            while index < bytes.count - 1 {
                guard bytes[index] == UInt8(ascii: "\""),
                    let close = bytes[(index + 1)...].firstIndex(of: UInt8(ascii: "\"")),
                    close + 1 < bytes.count, bytes[close + 1] == UInt8(ascii: ":")
                else { return nil }
                let key = bytes[(index + 1)..<close]
                var end = close + 2
                while end < bytes.count - 1, bytes[end] != UInt8(ascii: ",") { end += 1 }
                guard let value = Double(String(decoding: bytes[(close + 2)..<end], as: UTF8.self)) else { return nil }
                switch key.count {
                case 10 where key.elementsEqual("completion".utf8): values.0 = value
                case 8 where key.elementsEqual("planning".utf8): values.1 = value
                case 6 where key.elementsEqual("timing".utf8): values.2 = value
                case 6 where key.elementsEqual("source".utf8): values.3 = value
                case 7 where key.elementsEqual("overlap".utf8): values.4 = value
                default: return nil
                }
                index = end + 1
            }
            guard let completion = values.0, let planning = values.1, let timing = values.2, let source = values.3
            else { return nil }
            return PofFactors(
                completion: completion, planning: planning, timing: timing, source: source, overlap: values.4 ?? 1)
        }
    }
}
