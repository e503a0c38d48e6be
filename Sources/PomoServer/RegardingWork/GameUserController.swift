import Foundation
import Hummingbird
import PomoCore
import PomoWire

/// The Game's `GET /api/user/data` and `PUT /api/user/preferences`.
struct GameUserController {
    let services: AppServices

    @Sendable func data(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let now = services.clock.now()
        let snapshot = try await services.stats.snapshot(
            userId: user.id, firstDay: UserStats.firstDayRead(timezone: user.timezone, now: now))
        let stats = UserStats.compute(snapshot, timezone: user.timezone, now: now)
        let p = user.preferences
        let body: [String: JSONValue] = [
            "userId": .string(String(user.id)), "username": .string(user.username), "email": .string(user.email),
            "timezone": .string(user.timezone),
            "points": .object([
                "total": .number(stats.pointsTotal), "today": .number(stats.pointsToday),
                "this_week": .number(stats.pointsThisWeek), "this_month": .number(stats.pointsThisMonth),
            ]),
            "streaks": .object([
                "current": .number(Double(stats.currentStreak)), "longest": .number(Double(stats.longestStreak)),
                "days_active_this_week": .number(Double(stats.daysActiveThisWeek)),
                "days_active_this_month": .number(Double(stats.daysActiveThisMonth)),
            ]),
            "badges": .array(stats.badges.map(JSONValue.string)),
            "preferences": .object([
                "daily_goal": .number(Double(p.dailyGoal)), "default_duration": .number(Double(p.defaultDuration)),
                "short_break_duration": .number(Double(p.shortBreakDuration)),
                "long_break_duration": .number(Double(p.longBreakDuration)),
                "notification_sound": .string(p.notificationSound), "theme_preference": .string(p.themePreference),
                "public_leaderboard": .bool(p.publicLeaderboard), "focus_mode": .string(p.focusMode),
                "auto_start_breaks": .bool(p.autoStartBreaks),
            ]),
            "session_stats": .object([
                "total_sessions": .number(Double(stats.totalSessions)),
                "total_minutes": .number((stats.totalMinutes * 10).rounded() / 10),
                "average_session_length": .number(stats.averageSessionLength),
                "most_productive_hour": stats.mostProductiveHour.map { .number(Double($0)) } ?? .null,
                "favorite_category": stats.favoriteCategory.map(JSONValue.string) ?? .null,
            ]),
        ]
        return JSONBody.response(json: body)
    }

    @Sendable func updatePreferences(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let fields = try await GameFields.read(request, limit: services.config.maxBodyBytes)
        var patch = PreferencesPatch()
        patch.dailyGoal = try fields.integer("daily_goal")
        patch.defaultDuration = try fields.integer("default_duration")
        patch.shortBreakDuration = try fields.integer("short_break_duration")
        patch.longBreakDuration = try fields.integer("long_break_duration")
        patch.notificationSound = try fields.string("notification_sound")
        patch.themePreference = try fields.string("theme_preference")
        patch.timezone = try fields.string("timezone")
        patch.publicLeaderboard = try fields.bool("public_leaderboard")
        patch.emailNotifications = try fields.bool("email_notifications")
        patch.slackNotifications = try fields.bool("slack_notifications")
        patch.autoStartBreaks = try fields.bool("auto_start_breaks")
        patch.focusMode = try fields.string("focus_mode")
        try await services.accounts.updatePreferences(patch, for: user)
        let known = Set(UserPreferences.CodingKeys.allNames + ["timezone"])
        let updated = fields.body.filter { known.contains($0.key) && $0.value != .null }
        return JSONBody.response(
            json: [
                "success": JSONValue.bool(true), "message": "Preferences updated successfully",
                "updated_preferences": .object(updated),
            ])
    }
}
