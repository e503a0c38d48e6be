import Foundation
import Hummingbird
import PomoCore

/// TaskWorks `GET /api/v1/blocks/windows`: when a URL blocker should block. Bearer or cookie
/// only, as the doc says; the answer is a bare array, which is what the known clients parse.
struct BlocksController {
    let services: AppServices

    struct Policy: Codable, Sendable {
        var mode = "blocklist"
        var redirect_url: String? = nil
        var severity = "normal"

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(mode, forKey: .mode)
            try c.encode(redirect_url, forKey: .redirect_url)
            try c.encode(severity, forKey: .severity)
        }
    }

    struct Window: Codable, Sendable {
        var start_at: String
        var end_at: String
        var reason: String
        var policy = Policy()
    }

    struct Debug: Codable, Sendable {
        var windows: [Window]
        var meta: [String: String]
    }

    static let date: Query<String?> = .day("date", "Local day (default today in the zone)")
    static let zone: Query<String?> = .text("tz", "IANA zone (default the caller's)")
    static let focusOnly: Query<Bool> = .flag("focus_only", default: false, "Work sessions only, no tasks")
    static let merge: Query<Bool> = .flag("merge", default: false, "Merge overlapping windows")
    static let debug: Query<Bool> = .flag("debug", default: false, "Include where each window comes from")
    static let query: [any DocumentedQuery] = [date, zone, focusOnly, merge, debug]

    @Sendable func windows(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let zoneName = try Self.zone.read(request) ?? user.timezone
        guard let zone = TimeZone(identifier: zoneName) else {
            throw AppError.validation("tz", "tz must be an IANA time zone name")
        }
        let date = try Self.date.read(request) ?? LocalDate.string(for: services.clock.now(), timezone: zoneName)
        let focusOnly = try Self.focusOnly.read(request)
        let merge = try Self.merge.read(request)
        // Sessions that began up to a day before may still run into this day.
        let open = try await services.focus.history(
            for: user, SessionQuery(limit: 100, statuses: [.planned, .active], kinds: [.work]))
        let tasks = focusOnly ? [] : try await services.dailyTasks.tasks(on: date, for: user)
        guard
            let windows = BlockWindows.windows(
                date: date, timezone: zone, sessions: open, tasks: tasks, focusOnly: focusOnly, merge: merge)
        else { throw AppError.validation("date", "date must be YYYY-MM-DD") }
        let body = windows.map {
            Window(start_at: Timestamp.format($0.start), end_at: Timestamp.format($0.end), reason: $0.reason)
        }
        if try Self.debug.read(request) {
            let meta = [
                "date": date, "tz": zoneName, "focus_only": String(focusOnly), "merge": String(merge),
                "pomodoro_windows": String(windows.filter { $0.reason.hasPrefix("pomodoro") }.count),
            ]
            return JSONBody.response(json: Debug(windows: body, meta: meta))
        }
        return JSONBody.response(json: body)
    }
}
