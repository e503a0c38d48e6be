import Foundation
import PomoCore
import PomoWire

/// Every tool `POST /api/mcp` offers: Time Magic's, named as its maintainer's skill names them
/// (`references/tool_usage.md`), each doing what its REST route does, and Pomo's own for focus
/// sessions.
enum MCPTools {
    static let all: [MCPTool] = timeMagic + focus
    static let named: [String: MCPTool] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

    static let instructions = """
        Pomo is a focus and time-tracking server. Time Magic tools manage projects, tasks (with \
        time tracking), activities, goals and time entries; their results and errors are Time \
        Magic's JSON. The focus tools start, complete and cancel a Pomodoro-style focus session, \
        report focus time, and say who is focusing now; their errors are Pomo's own JSON. Times \
        are ISO-8601; dates are YYYY-MM-DD on the user's clock.
        """

    typealias A = Argument

    static let projectFields = [
        "name", "description", "project_type", "rate_cents", "rate_currency", "allow_parallel_tasks",
        "working_hours_per_day",
    ]
    static let projectProperties: [String: JSONValue] = [
        "name": A.string("The project's name"), "description": A.string("What it is"),
        "project_type": A.oneOf(ProjectType.allCases.map(\.rawValue), "Default other"),
        "rate_cents": A.integer("Hourly rate in cents"), "rate_currency": A.string("e.g. USD"),
        "allow_parallel_tasks": A.boolean("Switching to a task leaves the project's other running task running"),
        "working_hours_per_day": A.number("Hours of work a day, for estimations (more than 0, at most 24)"),
    ]
    static let taskFields = ["name", "description", "task_type", "data"]
    static let taskProperties: [String: JSONValue] = [
        "name": A.string("The task's name"), "description": A.string("What it is"),
        "task_type": A.oneOf(["default", "permanent"], "Default default"),
        "data": A.object("Free-form JSON of your own; estimated_hours is read by estimations"),
    ]
    static let uuid: [String: JSONValue] = ["uuid": A.string("Its uuid")]

    static func json(_ value: some Encodable) -> String { WireJSON.text(value) }

    static let timeMagic: [MCPTool] = projects + tasks + tracking + activities + entries + goals

    static let projects: [MCPTool] = [
        MCPTool(
            name: "list_projects", title: "List projects", description: "All your projects (GET /api/projects).",
            readOnly: true, dialect: .timeMagic
        ) { call in
            json(try await call.services.workspace.projects(for: call.user).map(TimeMagicProject.init))
        },
        MCPTool(
            name: "search_projects", title: "Search projects",
            description: "Your projects whose name contains the query.",
            properties: ["query": A.string("Part of a name, any case")], required: ["query"], readOnly: true,
            dialect: .timeMagic
        ) { call in
            let query = try call.string("query")
            return json(
                try await call.services.workspace.projects(for: call.user)
                    .filter { $0.name.localizedCaseInsensitiveContains(query) }.map(TimeMagicProject.init))
        },
        MCPTool(
            name: "get_project", title: "Get a project", description: "One project (GET /api/projects/:uuid).",
            properties: uuid, required: ["uuid"], readOnly: true, dialect: .timeMagic
        ) { call in
            json(TimeMagicProject(try await call.services.workspace.project(try call.string("uuid"), for: call.user)))
        },
        MCPTool(
            name: "create_project", title: "Create a project", description: "A new project (POST /api/projects).",
            properties: projectProperties, required: ["name"], dialect: .timeMagic
        ) { call in
            let input = try await TimeMagicBody.decode(ProjectInput.self, fields: call.fields(projectFields))
            return json(
                TimeMagicProject(try await call.services.workspace.createProject(input.changes, for: call.user)))
        },
        MCPTool(
            name: "update_project", title: "Update a project",
            description: "Change the fields given (PUT /api/projects/:uuid).",
            properties: projectProperties.merging(uuid) { $1 }, required: ["uuid"], dialect: .timeMagic
        ) { call in
            let input = try await TimeMagicBody.decode(ProjectInput.self, fields: call.fields(projectFields))
            return json(
                TimeMagicProject(
                    try await call.services.workspace.updateProject(
                        try call.string("uuid"), input.changes, for: call.user)))
        },
    ]

    static let tasks: [MCPTool] = [
        MCPTool(
            name: "list_tasks", title: "List tasks", description: "A project's tasks (GET /api/projects/:uuid/tasks).",
            properties: ["project_uuid": A.string("The project's uuid")], required: ["project_uuid"], readOnly: true,
            dialect: .timeMagic
        ) { call in
            json(
                try await call.services.workspace.tasks(ofProject: try call.string("project_uuid"), for: call.user)
                    .map(TimeMagicTask.init))
        },
        MCPTool(
            name: "search_tasks", title: "Search tasks",
            description: "A project's tasks whose name contains the query.",
            properties: [
                "project_uuid": A.string("The project's uuid"), "query": A.string("Part of a name, any case"),
            ],
            required: ["project_uuid", "query"], readOnly: true, dialect: .timeMagic
        ) { call in
            let query = try call.string("query")
            return json(
                try await call.services.workspace.tasks(ofProject: try call.string("project_uuid"), for: call.user)
                    .filter { $0.name.localizedCaseInsensitiveContains(query) }.map(TimeMagicTask.init))
        },
        MCPTool(
            name: "get_task", title: "Get a task", description: "One task (GET /api/tasks/:uuid).",
            properties: uuid, required: ["uuid"], readOnly: true, dialect: .timeMagic
        ) { call in
            json(TimeMagicTask(try await call.services.workspace.task(try call.string("uuid"), for: call.user)))
        },
        MCPTool(
            name: "create_task", title: "Create a task", description: "A new task (POST /api/projects/:uuid/tasks).",
            properties: taskProperties.merging(["project_uuid": A.string("The project's uuid")]) { $1 },
            required: ["project_uuid", "name"], dialect: .timeMagic
        ) { call in
            let input = try await TimeMagicBody.decode(TaskInput.self, fields: call.fields(taskFields))
            return json(
                TimeMagicTask(
                    try await call.services.workspace.createTask(
                        inProject: try call.string("project_uuid"), input.changes, for: call.user)))
        },
        MCPTool(
            name: "update_task", title: "Update a task", description: "Change the fields given (PUT /api/tasks/:uuid).",
            properties: taskProperties.merging(uuid) { $1 }, required: ["uuid"], dialect: .timeMagic
        ) { call in
            let input = try await TimeMagicBody.decode(TaskInput.self, fields: call.fields(taskFields))
            return json(
                TimeMagicTask(
                    try await call.services.workspace.updateTask(try call.string("uuid"), input.changes, for: call.user)
                ))
        },
    ]

    /// The task events, one tool each; `complete_task` is the `finish` event.
    static let tracking: [MCPTool] =
        [
            (
                "start_tracking", "start_tracking", "Start tracking a task",
                "pending → in progress, with a running time entry (at most 2 tasks at once)"
            ),
            (
                "start_without_tracking", "start_without_tracking", "Start a task untracked",
                "pending → in progress, no time entry"
            ),
            (
                "stop_tracking", "stop_tracking", "Stop tracking a task",
                "in progress → pending; its running entry ends now"
            ),
            (
                "switch_tracking", "switch_tracking", "Switch tracking to a task",
                "Stops the task being tracked and starts this one"
            ),
            ("complete_task", "finish", "Complete a task", "Ends its running entry; the task is completed"),
        ].map { name, event, title, description in
            MCPTool(
                name: name, title: title, description: "\(description) (PUT /api/tasks/:uuid?event=\(event)).",
                properties: uuid, required: ["uuid"], dialect: .timeMagic
            ) { call in
                json(
                    TimeMagicTask(
                        try await call.services.workspace.taskEvent(
                            event, task: try call.string("uuid"), for: call.user)))
            }
        } + [
            MCPTool(
                name: "get_current_activity", title: "What is being tracked",
                description:
                    "The tasks being tracked now (GET /api/tasks/tracking) and the activities whose timer runs.",
                readOnly: true, dialect: .timeMagic
            ) { call in
                let tasks = try await call.services.workspace.trackedTasks(for: call.user).map(TimeMagicTask.init)
                let activities = try await call.services.workspace.activities(for: call.user)
                    .filter { $0.state == .inProgress }.map(TimeMagicActivity.init)
                return json(CurrentActivity(tasks: tasks, activities: activities))
            }
        ]

    struct CurrentActivity: Encodable {
        var tasks: [TimeMagicTask]
        var activities: [TimeMagicActivity]
    }

    static let activities: [MCPTool] =
        [
            MCPTool(
                name: "list_activities", title: "List activities",
                description: "All your activities (GET /api/activities).",
                readOnly: true, dialect: .timeMagic
            ) { call in
                json(try await call.services.workspace.activities(for: call.user).map(TimeMagicActivity.init))
            },
            MCPTool(
                name: "create_activity", title: "Create an activity",
                description: "A new activity (POST /api/activities).",
                properties: [
                    "name": A.string("e.g. Reading"),
                    "activity_type": A.oneOf(["productive", "leisure", "other"], "Default productive"),
                ], required: ["name"], dialect: .timeMagic
            ) { call in
                let input = try await TimeMagicBody.decode(
                    ActivityInput.self, fields: call.fields(["name", "activity_type"]))
                return json(
                    TimeMagicActivity(try await call.services.workspace.createActivity(input.changes, for: call.user)))
            },
        ]
        + [
            ("start_timer", "start_tracking", "Start an activity's timer"),
            ("stop_timer", "stop_tracking", "Stop an activity's timer"),
        ]
        .map { name, event, title in
            MCPTool(
                name: name, title: title, description: "\(title) (PUT /api/activities/:uuid?event=\(event)).",
                properties: uuid, required: ["uuid"], dialect: .timeMagic
            ) { call in
                json(
                    TimeMagicActivity(
                        try await call.services.workspace.activityEvent(
                            event, activity: try call.string("uuid"), for: call.user)))
            }
        }

    static let entries: [MCPTool] = [
        MCPTool(
            name: "log_time", title: "Log time",
            description: "A time entry (POST /api/time_entries): on a task or an activity, or on nothing.",
            properties: [
                "begin_time": A.dateTime("When it began"),
                "end_time": A.dateTime("When it ended; leave out for a running entry"),
                "duration": A.integer("Seconds, when end_time is left out"), "comment": A.string("What was done"),
                "resource_type": A.oneOf(["task", "activity"], "What it is on"),
                "resource_id": A.string("The task's or activity's uuid"),
            ], required: ["begin_time"], dialect: .timeMagic
        ) { call in
            let input = try await TimeMagicBody.decode(
                TimeEntryInput.self,
                fields: call.fields(["begin_time", "end_time", "duration", "comment", "resource_type", "resource_id"]))
            return json(
                TimeMagicTimeEntry(try await call.services.workspace.createEntry(try input.newEntry(), for: call.user)))
        },
        MCPTool(
            name: "get_daily_report", title: "Daily report",
            description: "A day's tracked time by project and task, and by activity (the user's clock).",
            properties: ["date": A.date("The day; default today")], readOnly: true, dialect: .timeMagic
        ) { call in
            let zone = call.user.timezone
            let day = try call.optionalString("date") ?? LocalDate.string(for: call.now, timezone: zone)
            guard let (from, to) = LocalDate.bounds(of: day, timezone: TimeZone(identifier: zone) ?? .gmt),
                LocalDate.string(for: from, timezone: zone) == day
            else { throw call.refuse("date", "is not a valid date") }
            let rows = try await call.services.workspace.stores.plans.trackedTotals(
                userId: call.user.id, from: from, to: to, now: call.now, limit: 1_000)
            return json(
                DailyReport(date: day, timezone: zone, totalSeconds: rows.reduce(0) { $0 + $1.seconds }, items: rows))
        },
    ]

    struct DailyReport: Encodable {
        var date: String
        var timezone: String
        var totalSeconds: Int64
        var items: [TrackedTotal]

        enum CodingKeys: String, CodingKey {
            case date, timezone, items
            case totalSeconds = "total_seconds"
        }
    }

    static let goals: [MCPTool] =
        [(GoalPeriod.week, "get_week_goal", "This week's goals"), (.month, "get_month_goal", "This month's goals")].map
    {
        period, name, title in
        MCPTool(
            name: name, title: title,
            description: "\(title): yours and your projects' (GET /api/goals, this \(period.rawValue)'s).",
            properties: ["project_uuid": A.string("Only this project's")], readOnly: true, dialect: .timeMagic
        ) { call in
            let start = period.normalize(LocalDate.string(for: call.now, timezone: call.user.timezone))
            return json(
                try await call.services.workspace.goals(
                    for: call.user, projectUUID: try call.optionalString("project_uuid")
                )
                .filter { $0.period == period && $0.beginDate == start }.map(TimeMagicGoal.init))
        }
    } + [
        MCPTool(
            name: "get_goal_progress", title: "Goal progress",
            description: "A goal and the time tracked in its week or month: all of yours, or its project's tasks'.",
            properties: uuid, required: ["uuid"], readOnly: true, dialect: .timeMagic
        ) { call in
            let goal = try await call.services.workspace.goal(try call.string("uuid"), for: call.user)
            let zone = TimeZone(identifier: call.user.timezone) ?? .gmt
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let from = LocalDate.bounds(of: goal.beginDate, timezone: zone)?.start ?? call.now
            let to =
                calendar.date(
                    byAdding: goal.period == .week ? .day : .month, value: goal.period == .week ? 7 : 1, to: from)
                ?? from
            var rows = try await call.services.workspace.stores.plans.trackedTotals(
                userId: call.user.id, from: from, to: to, now: call.now, limit: 1_000)
            if goal.projectId != nil { rows = rows.filter { $0.projectUUID == goal.goalableUUID } }
            return json(
                GoalProgress(
                    goal: TimeMagicGoal(goal), from: Timestamp.format(from), to: Timestamp.format(to),
                    trackedSeconds: rows.reduce(0) { $0 + $1.seconds }, items: rows))
        },
        MCPTool(
            name: "update_goal", title: "Set a goal",
            description: "Without uuid a new goal (POST /api/goals); with it, a change (PUT /api/goals/:uuid).",
            properties: [
                "uuid": A.string("The goal to change; leave out for a new one"), "text": A.string("The goal"),
                "period": A.oneOf(["week", "month"], "Default week"),
                "begin_date": A.date("A day of its week or month, moved to the Monday or the 1st; default today"),
                "project_id": A.string("A project's uuid, for a project's goal (new goals only)"),
            ], dialect: .timeMagic
        ) { call in
            var fields = call.fields(["text", "period", "begin_date", "project_id"])
            let uuid = try call.optionalString("uuid")
            if uuid == nil, fields["begin_date"] == nil {
                // A new goal is this week's or month's unless the agent says otherwise.
                fields["begin_date"] = .string(LocalDate.string(for: call.now, timezone: call.user.timezone))
            }
            let input = try await TimeMagicBody.decode(GoalInput.self, fields: fields)
            if let uuid {
                return json(
                    TimeMagicGoal(try await call.services.workspace.updateGoal(uuid, input.changes, for: call.user)))
            }
            return json(
                TimeMagicGoal(
                    try await call.services.workspace.createGoal(
                        input.changes, projectUUID: input.projectUUID, for: call.user)))
        },
    ]

    struct GoalProgress: Encodable {
        var goal: TimeMagicGoal
        var from: String
        var to: String
        var trackedSeconds: Int64
        var items: [TrackedTotal]

        enum CodingKeys: String, CodingKey {
            case goal, from, to, items
            case trackedSeconds = "tracked_seconds"
        }
    }
}
