import Foundation
import PomoCore
import PomoWire

/// Pomo's own tools: focus sessions as the web app and the CLI run them (timed by the server),
/// stats, reports and presence. Results are the JSON of the matching `/api/v1` route's `data`;
/// refusals are Pomo's `{"error", "message", "code", "context"}`.
extension MCPTools {
    static let focus: [MCPTool] = [
        MCPTool(
            name: "start_focus", title: "Start a focus session",
            description: "Plans and starts a work session timed by the server, as the web app does; one at a time.",
            properties: [
                "minutes": A.number("Planned length, 1-240; default your preferred length"),
                "category": A.string("What kind of work; default \(GameRules.defaultCategory)"),
                "project": A.string("A project's name, or team_N; default \(GameRules.defaultProject)"),
                "note": A.string("What you mean to get done"),
                "task_uuid": A.string("Work on this task instead (its pomodoros count on it)"),
            ], dialect: .taskWorks
        ) { call in
            let minutes = try call.number("minutes") ?? Double(call.user.preferences.defaultDuration)
            if let task = try call.optionalString("task_uuid") {
                let session = try await call.services.focus.startTimer(
                    for: call.user, kind: .work, minutes: minutes, taskUUID: task, appIdentifier: "mcp")
                return json(PomodoroDTO(session))
            }
            let plan = GamePlan(
                sessionId: UUID().uuidString.lowercased(), plannedMinutes: minutes,
                category: try call.optionalString("category") ?? GameRules.defaultCategory,
                project: try call.optionalString("project") ?? GameRules.defaultProject,
                planningNotes: try call.optionalString("note"), goals: nil, energyLevel: nil, source: "pomo_server",
                appVersion: "mcp")
            return json(PomodoroDTO(try await call.services.game.start(plan, for: call.user).session))
        },
        MCPTool(
            name: "current_session", title: "The current focus session",
            description: "The running session (or null), and sessions nobody ended that wait to be submitted.",
            readOnly: true, dialect: .taskWorks
        ) { call in
            let active = try await call.services.focus.active(for: call.user)
            let waiting = try await call.services.focus.unsubmitted(for: call.user)
            return json(
                CurrentSession(active: active.map(PomodoroDTO.init), unsubmitted: waiting.map(PomodoroDTO.init)))
        },
        MCPTool(
            name: "complete_focus", title: "Complete the focus session",
            description: "Finishes the running session (or the one waiting to be submitted) and scores it.",
            properties: [
                "note": A.string("What got done"),
                "kept_going": A.boolean("You kept focusing past the planned end: count those minutes too"),
            ], dialect: .taskWorks
        ) { call in
            let session = try await current(call)
            let done = try await call.services.focus.complete(
                id: session.id, for: call.user, keptGoing: try call.bool("kept_going") ?? false,
                note: try call.optionalString("note"))
            return json(PomodoroDTO(done))
        },
        MCPTool(
            name: "cancel_focus", title: "Cancel the focus session",
            description: "Stops the running session (or discards the one waiting), with partial credit for work.",
            properties: [
                "reason": A.oneOf(GameRules.cancelReasons.sorted(), "Why; default user_cancelled"),
                "note": A.string("A note on it"),
            ], dialect: .taskWorks
        ) { call in
            let session = try await current(call)
            let cancelled = try await call.services.focus.cancel(
                id: session.id, for: call.user, reason: try call.optionalString("reason"),
                note: try call.optionalString("note"))
            return json(PomodoroDTO(cancelled))
        },
        MCPTool(
            name: "focus_stats", title: "Today's and this week's focus",
            description:
                "Completed work sessions, focus minutes and points today and this week (Monday on), your clock.",
            readOnly: true, dialect: .taskWorks
        ) { call in
            let today = LocalDate.string(for: call.now, timezone: call.user.timezone)
            let monday = GoalPeriod.week.normalize(today) ?? today
            let rows = try await call.services.reports.summary(userId: call.user.id, from: monday, to: today, by: .day)
            let week = ReportDTO(from: monday, to: today, by: .day, rows: rows)
            let day = ReportDTO(from: today, to: today, by: .day, rows: rows.filter { $0.key == today })
            return json(FocusStats(timezone: call.user.timezone, today: day.total, thisWeek: week.total))
        },
        MCPTool(
            name: "focus_report", title: "Focus report",
            description: "Completed work between two days (both included, at most 366), by day, project or category.",
            properties: [
                "from": A.date("First day; default 6 days before to"), "to": A.date("Last day; default today"),
                "by": A.oneOf(ReportGrouping.allCases.map(\.rawValue), "Default day"),
            ], readOnly: true, dialect: .taskWorks
        ) { call in
            let (from, to) = try ReportsController.range(
                from: try day(call, "from"), to: try day(call, "to"), timezone: call.user.timezone, now: call.now)
            let by = try call.optionalString("by") ?? "day"
            guard let grouping = ReportGrouping(rawValue: by) else {
                throw call.refuse(
                    "by", "must be one of \(ReportGrouping.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let rows = try await call.services.reports.summary(userId: call.user.id, from: from, to: to, by: grouping)
            return json(ReportDTO(from: from, to: to, by: grouping, rows: rows))
        },
        MCPTool(
            name: "log_session", title: "Log a past session",
            description: "A work session you did without a timer; it is marked added in its score's factors.",
            properties: [
                "start": A.dateTime("When it began"), "end": A.dateTime("When it ended"),
                "category": A.string("Default \(GameRules.defaultCategory)"),
                "project": A.string("Default \(GameRules.defaultProject)"), "note": A.string("What got done"),
            ], required: ["start", "end"], dialect: .taskWorks
        ) { call in
            guard let start = Timestamp.parse(try call.string("start")) else {
                throw call.refuse("start", "must be an RFC 3339 date-time")
            }
            guard let end = Timestamp.parse(try call.string("end")) else {
                throw call.refuse("end", "must be an RFC 3339 date-time")
            }
            guard end > start else { throw call.refuse("end", "must be after start") }
            let view = try await call.services.sessions.add(
                SessionAddition(
                    start: start, end: end, category: try call.optionalString("category") ?? GameRules.defaultCategory,
                    project: try call.optionalString("project") ?? GameRules.defaultProject,
                    note: try call.optionalString("note") ?? ""),
                for: call.user)
            return json(SessionDTO(view.session, project: view.project))
        },
        MCPTool(
            name: "focusing_now", title: "Who is focusing now",
            description: "How many people focus right now, and which of your teammates.", readOnly: true,
            dialect: .taskWorks
        ) { call in
            let (count, team) = try await PresenceController.now(for: call.user, call.services)
            return json(PresenceDTO(count: count, team: team))
        },
    ]

    /// The running session, else the newest one waiting to be submitted.
    static func current(_ call: MCPCall) async throws -> FocusSession {
        if let active = try await call.services.focus.active(for: call.user) { return active }
        if let waiting = try await call.services.focus.unsubmitted(for: call.user).first { return waiting }
        throw AppError.notFound("No focus session is running")
    }

    static func day(_ call: MCPCall, _ key: String) throws -> String? {
        guard let text = try call.optionalString(key) else { return nil }
        guard CivilDay.parse(text) != nil else { throw call.refuse(key, "must be a date (YYYY-MM-DD)") }
        return text
    }

    struct CurrentSession: Encodable {
        var active: PomodoroDTO?
        var unsubmitted: [PomodoroDTO]

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: AnyKey.self)
            try c.encode(active, forKey: AnyKey("active"))  // null, not left out, when none runs
            try c.encode(unsubmitted, forKey: AnyKey("unsubmitted"))
        }
    }

    struct FocusStats: Encodable {
        var timezone: String
        var today: ReportRow
        var thisWeek: ReportRow

        enum CodingKeys: String, CodingKey {
            case timezone, today
            case thisWeek = "this_week"
        }
    }
}
