import Foundation
import PomoCore
import SQLKit

public struct SQLActivityStore: ActivityStore {
    let database: PomoDatabase
    let quotas: Quotas

    public init(database: PomoDatabase, quotas: Quotas = Quotas()) {
        self.database = database
        self.quotas = quotas
    }

    public func activities(userId: Int64) async throws -> [Activity] {
        try await database.read { db in
            try await db.raw("SELECT * FROM activities WHERE user_id = \(bind: userId) ORDER BY id").all()
                .map(Activity.init(row:))
        }
    }

    public func activity(uuid: String, userId: Int64) async throws -> Activity? {
        try await database.read { db in
            try await db.raw("SELECT * FROM activities WHERE uuid = \(bind: uuid) AND user_id = \(bind: userId)")
                .first().map(Activity.init(row:))
        }
    }

    public func insert(_ activity: Activity) async throws -> Activity {
        try await database.write { db in
            try await SQLQuota.check(
                userId: activity.userId, max: quotas.activities,
                "SELECT COUNT(*) AS n FROM activities WHERE user_id = \(bind: activity.userId)", on: db,
                Quotas.reached("activities", max: quotas.activities, setting: "POMO_MAX_ACTIVITIES"))
            let inserted = try await db.raw(
                """
                INSERT INTO activities (uuid, user_id, name, activity_type, state, created_at, updated_at)
                VALUES (\(bind: activity.uuid), \(bind: activity.userId), \(bind: activity.name),
                    \(bind: activity.activityType.rawValue), \(bind: activity.state.rawValue),
                    \(bind: ms(activity.createdAt)), \(bind: ms(activity.updatedAt)))
                RETURNING *
                """
            ).first().map(Activity.init(row:))!
            try await SQLChangeLog.activity(id: inserted.id, "created", at: inserted.updatedAt, on: db)
            return inserted
        }
    }

    public func update(_ activity: Activity) async throws {
        try await database.write { db in
            try await db.raw(
                """
                UPDATE activities SET name = \(bind: activity.name), activity_type = \(bind: activity.activityType.rawValue),
                    updated_at = \(bind: ms(activity.updatedAt))
                WHERE id = \(bind: activity.id)
                """
            ).run()
            try await SQLChangeLog.activity(id: activity.id, "updated", at: activity.updatedAt, on: db)
        }
    }

    public func delete(activityId: Int64) async throws {
        try await database.write { db in
            let now = Date()
            try await Tracking.deleteEntries("activity_id = \(bind: activityId)", at: now, db)
            let rows = try await db.raw("DELETE FROM activities WHERE id = \(bind: activityId) RETURNING uuid, user_id")
                .all()
            try await SQLChangeLog.deleted(.activity, rows: rows, at: now, on: db)
        }
    }

    public func apply(_ event: ActivityEvent, activityId: Int64, userId: Int64, at now: Date) async throws -> Activity {
        try await Tracking.refusingSecondRunning {
            try await applying(event, activityId: activityId, userId: userId, at: now)
        }
    }

    private func applying(_ event: ActivityEvent, activityId: Int64, userId: Int64, at now: Date) async throws
        -> Activity
    {
        try await database.write { db in
            try await db.serializeWrites(key: Tracking.lock(userId: userId))
            guard
                var activity = try await db.raw("SELECT * FROM activities WHERE id = \(bind: activityId)").first()
                    .map(Activity.init(row:))
            else { throw AppError.notFound() }
            let (state, opens) = try TaskTracking.activity(event, state: activity.state)
            let running = try await db.raw(
                "SELECT id FROM time_entries WHERE activity_id = \(bind: activityId) AND end_time IS NULL"
            ).all().map { try $0.decode(column: "id", as: Int64.self) }
            try await Tracking.close(running, at: now, db)
            if opens { try await Tracking.open(userId: userId, taskId: nil, activityId: activityId, at: now, db) }
            try await db.raw(
                """
                UPDATE activities SET state = \(bind: state.rawValue), updated_at = \(bind: ms(now))
                WHERE id = \(bind: activityId)
                """
            ).run()
            try await SQLChangeLog.activity(id: activityId, "updated", at: now, on: db)
            activity.state = state
            activity.updatedAt = now
            return activity
        }
    }
}

extension Activity {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "id", as: Int64.self), uuid: try row.decode(column: "uuid", as: String.self),
            userId: try row.decode(column: "user_id", as: Int64.self),
            name: try row.decode(column: "name", as: String.self),
            activityType: ActivityType(rawValue: try row.decode(column: "activity_type", as: String.self))
                ?? .productive,
            state: ActivityState(rawValue: try row.decode(column: "state", as: String.self)) ?? .pending,
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}
