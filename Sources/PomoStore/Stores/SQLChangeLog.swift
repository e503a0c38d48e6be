import Foundation
import PomoCore
import PomoWire
import SQLKit

/// The change log, write side: each store's write calls one of these inside its transaction,
/// with the entity as it now is (read back in that transaction where the write did not have it
/// whole), written in its dialect's shape: sessions as TaskWorks pomodoros, the workspace as
/// Time Magic's resources.
enum SQLChangeLog {
    enum Entity: String {
        case session
        case timeEntry = "time_entry"
        case project, task, activity, goal, estimation, report
        case teamMember = "team_member"
        case preferences
    }

    /// The PostgreSQL channel on which pomods tell each other that they committed changes.
    static let channel = "pomo_changes"

    static func append(
        _ entity: Entity, _ action: String, id: String, userId: Int64, data: String?, at: Date, on db: any SQLDatabase
    ) async throws {
        // Numbered by its transaction on PostgreSQL (see `SQLChangeFeedStore.horizon`), 0 on SQLite.
        // No NOTIFY here: PostgreSQL takes one lock for every notifying commit, which would
        // serialize the writes; the server's `ChangeHub` announces its instance's commits instead.
        let template = SQLFlavor(db).isPostgres ? insertOnPostgres : insertOnSQLite
        try await template.raw(
            on: db,
            [userId, kind(entity, action), entity.rawValue, id, data, ms(at)] as [any Encodable & Sendable]
        ).run()
    }

    /// A change's kind: `session.completed`, `project.created`.
    static func kind(_ entity: Entity, _ action: String) -> String { entity.rawValue + "." + action }

    /// Made once per dialect: a change is written with every session, the hottest write.
    private static let insertOnSQLite = insert(transaction: "0")
    private static let insertOnPostgres = insert(transaction: "pg_current_xact_id()::text::bigint")

    private static func insert(transaction: String) -> SQLTemplate {
        SQLTemplate(binds: 6) { values in
            """
            INSERT INTO change_events (tx, user_id, kind, entity_type, entity_id, data, at)
            VALUES (\(unsafeRaw: transaction), \(SQLList(values)))
            """
        }
    }

    // MARK: - per entity

    static func session(before: FocusSession?, after: FocusSession, on db: any SQLDatabase) async throws {
        try await append(
            .session, FocusSessionRules.changeAction(before: before, after: after), id: after.uuid,
            userId: after.userId, data: PomodoroDTO(after).jsonText(), at: after.updatedAt, on: db)
    }

    static func task(id: Int64, _ action: String, at: Date, on db: any SQLDatabase) async throws {
        try await reread(.task, action, SQLWorkTaskStore.select + " WHERE t.id = \(bind: id)", at: at, on: db) {
            (try WorkTask(row: $0)).change(TimeMagicTask.init)
        }
    }

    static func activity(id: Int64, _ action: String, at: Date, on db: any SQLDatabase) async throws {
        try await reread(.activity, action, "SELECT * FROM activities WHERE id = \(bind: id)", at: at, on: db) {
            (try Activity(row: $0)).change(TimeMagicActivity.init)
        }
    }

    static func project(id: Int64, _ action: String, at: Date, on db: any SQLDatabase) async throws {
        try await reread(.project, action, "SELECT * FROM projects WHERE id = \(bind: id)", at: at, on: db) {
            (try Project(row: $0)).change(TimeMagicProject.init)
        }
    }

    static func goal(id: Int64, _ action: String, at: Date, on db: any SQLDatabase) async throws {
        try await reread(.goal, action, SQLGoalStore.select + " WHERE g.id = \(bind: id)", at: at, on: db) {
            (try Goal(row: $0)).change(TimeMagicGoal.init)
        }
    }

    /// Records the entity `select` finds, read back in the write's transaction (nothing if gone).
    private static func reread(
        _ entity: Entity, _ action: String, _ select: SQLQueryString, at: Date, on db: any SQLDatabase,
        _ describe: (any SQLRow) throws -> (id: String, userId: Int64, data: String)
    ) async throws {
        guard let row = try await db.raw(select).first() else { return }
        let (id, userId, data) = try describe(row)
        try await append(entity, action, id: id, userId: userId, data: data, at: at, on: db)
    }

    static func timeEntries(ids: [Int64], _ action: String, at: Date, on db: any SQLDatabase) async throws {
        guard !ids.isEmpty else { return }
        for entry in try await db.raw(SQLTimeEntryStore.select + " WHERE e.id IN (\(binds: ids)) ORDER BY e.id").all()
            .map(TimeEntry.init(row:))
        {
            // Written straight from the entry (the bytes `JSONEncoder` would write, as the Time
            // Magic list's test checks): an import logs thousands of these in one transaction.
            var writer = JSONWriter(capacity: 320)
            TimeMagicEntryList.write(entry, to: &writer)
            try await append(
                .timeEntry, action, id: entry.uuid, userId: entry.userId,
                data: writer.text, at: at, on: db)
        }
    }

    /// A team membership as its member sees it (`<slug>/<username>`); nil data once `removed`.
    static func membership(teamId: Int64, userId: Int64, _ action: String, at: Date, on db: any SQLDatabase)
        async throws
    {
        guard
            let row = try await db.raw(
                """
                SELECT t.slug, t.name, u.username, m.role FROM teams t JOIN users u ON u.id = \(bind: userId)
                LEFT JOIN team_members m ON m.team_id = t.id AND m.user_id = u.id WHERE t.id = \(bind: teamId)
                """
            ).first()
        else { return }
        let slug = try row.decode(column: "slug", as: String.self)
        let username = try row.decode(column: "username", as: String.self)
        let data: [String: String?] = [
            "team": slug, "team_name": try row.decode(column: "name", as: String.self), "username": username,
            "role": try row.decode(column: "role", as: String?.self),
        ]
        try await append(
            .teamMember, action, id: "\(slug)/\(username)", userId: userId,
            data: action == "removed" ? nil : WireJSON.text(data), at: at,
            on: db)
    }

    /// Tombstones for rows about to be deleted (or just deleted, from `RETURNING uuid, user_id`).
    static func deleted(_ entity: Entity, rows: [any SQLRow], at: Date, on db: any SQLDatabase) async throws {
        for row in rows {
            try await append(
                entity, "deleted", id: try row.decode(column: "uuid", as: String.self),
                userId: try row.decode(column: "user_id", as: Int64.self), data: nil, at: at, on: db)
        }
    }
}

/// The change log, read side.
public struct SQLChangeFeedStore: ChangeFeedStore {
    let database: PomoDatabase

    public init(database: PomoDatabase) { self.database = database }

    public func changes(userId: Int64, after cursor: ChangeCursor, limit: Int) async throws -> [Change] {
        try await read(after: cursor, limit: limit, of: userId)
    }

    public func changes(after cursor: ChangeCursor, limit: Int) async throws -> [Change] {
        try await read(after: cursor, limit: limit, of: nil)
    }

    public func prunedThrough() async throws -> ChangeCursor? {
        try await database.read { db in
            try await db.raw("SELECT tx, change_id FROM change_log_pruned WHERE id = 1").first().map { row in
                ChangeCursor(
                    transaction: try row.decode(column: "tx", as: Int64.self),
                    id: try row.decode(column: "change_id", as: Int64.self))
            }
        }
    }

    public func end() async throws -> ChangeCursor {
        try await database.read { db in
            // The last change a reader may have now: those beyond the horizon come after it.
            let horizon = SQLFlavor(db).isPostgres ? try await Self.horizon(db) : ""
            guard
                let row = try await db.raw(
                    "SELECT tx, id FROM change_events WHERE TRUE" + horizon + " ORDER BY tx DESC, id DESC LIMIT 1"
                ).first()
            else { return .start }
            return ChangeCursor(
                transaction: try row.decode(column: "tx", as: Int64.self),
                id: try row.decode(column: "id", as: Int64.self))
        }
    }

    /// The changes of `userId`, or everyone's.
    private func read(after cursor: ChangeCursor, limit: Int, of userId: Int64?) async throws -> [Change] {
        try await database.read { db in
            // SQLite numbers every change's transaction 0 and commits in id order: by id alone
            // (through the user's index, or the row id for everyone's).
            let postgres = SQLFlavor(db).isPostgres
            let after: SQLQueryString =
                postgres
                ? "(tx > \(bind: cursor.transaction) OR (tx = \(bind: cursor.transaction) AND id > \(bind: cursor.id)))"
                    + (try await Self.horizon(db)) : "tx = 0 AND id > \(bind: cursor.id)"
            let order: SQLQueryString = postgres || userId != nil ? " ORDER BY tx, id" : " ORDER BY id"
            let owner: SQLQueryString = userId.map { " AND user_id = \(bind: $0)" } ?? ""
            return try await db.raw(
                "SELECT id, tx, user_id, kind, entity_type, entity_id, data, at FROM change_events WHERE " + after
                    + owner + order + " LIMIT \(bind: limit)"
            ).all().map { row in
                Change(
                    cursor: ChangeCursor(
                        transaction: try row.decode(column: "tx", as: Int64.self),
                        id: try row.decode(column: "id", as: Int64.self)),
                    userId: try row.decode(column: "user_id", as: Int64.self),
                    kind: try row.decode(column: "kind", as: String.self),
                    entityType: try row.decode(column: "entity_type", as: String.self),
                    entityId: try row.decode(column: "entity_id", as: String.self), at: try row.date("at"),
                    data: try row.decode(column: "data", as: String?.self))
            }
        }
    }

    /// PostgreSQL numbers a change's row when it is written and shows it when its transaction
    /// commits, so a reader can see 12 before 11. The feed therefore reads only changes of
    /// transactions older than every transaction of this database still running: none of those
    /// can commit a change behind the cursor any more. Transactions of other databases on the
    /// same server are left out (they cannot write here, and a long one must not stall the feed).
    ///
    /// The database's running transactions are listed first, with the snapshot's `xmax` of that
    /// moment; the changes are read in a later statement, whose snapshot bounds them by its own
    /// running transactions that were either in the list or began after it.
    static func horizon(_ db: any SQLDatabase) async throws -> SQLQueryString {
        let row = try await db.raw(
            """
            SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS xmax,
                string_agg(backend_xid::text, ',') AS running
            FROM pg_stat_activity WHERE datname = current_database() AND backend_xid IS NOT NULL
            """
        ).first()
        let xmax = try row?.decode(column: "xmax", as: Int64.self) ?? 0
        // 32-bit transaction ids, as pg_stat_activity shows them; integers only, so written inline.
        let running =
            (try row?.decode(column: "running", as: String?.self) ?? nil)?.split(separator: ",")
            .compactMap { Int64($0) } ?? []
        let ours: SQLQueryString =
            running.isEmpty
            ? ""
            : " OR (x::text::bigint % 4294967296) IN (\(unsafeRaw: running.map(String.init).joined(separator: ",")))"
        return """
             AND tx < (SELECT COALESCE(MIN(x::text::bigint), 9223372036854775807)
                FROM pg_snapshot_xip(pg_current_snapshot()) AS x
                WHERE x::text::bigint >= \(bind: xmax)
            """ + ours + ")"
    }
}

/// A workspace entity as the change log records it: its uuid, its owner, its Time Magic shape.
private protocol ChangeLogged {
    var uuid: String { get }
    var userId: Int64 { get }
}

extension ChangeLogged {
    func change<Wire: Encodable>(_ wire: (Self) -> Wire) -> (id: String, userId: Int64, data: String) {
        (uuid, userId, WireJSON.text(wire(self)))
    }
}

extension WorkTask: ChangeLogged {}
extension Activity: ChangeLogged {}
extension Project: ChangeLogged {}
extension Goal: ChangeLogged {}
extension Estimation: ChangeLogged {}
extension ProjectReport: ChangeLogged {}
