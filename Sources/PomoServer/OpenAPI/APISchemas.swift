import PomoCore
import PomoWire

/// The JSON Schemas of the contract's bodies (JSON Schema 2020-12, as OpenAPI 3.1 uses it).
/// Objects list the keys every answer has as `required` and leave room for more.
enum APISchemas {
    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    static let string: JSONValue = ["type": "string"]
    static let integer: JSONValue = ["type": "integer"]
    static let number: JSONValue = ["type": "number"]
    static let boolean: JSONValue = ["type": "boolean"]
    static let timestamp: JSONValue = ["type": "string", "format": "date-time"]
    static let day: JSONValue = ["type": "string", "format": "date"]
    static let dayOrInstant: JSONValue = ["anyOf": [day, timestamp]]
    static let uuid: JSONValue = ["type": "string", "format": "uuid"]
    static let anyObject: JSONValue = ["type": "object"]

    static func nullable(_ schema: JSONValue) -> JSONValue {
        if case .object(var fields) = schema, case .string(let type) = fields["type"] {
            fields["type"] = [.string(type), "null"]
            return .object(fields)
        }
        return ["anyOf": [schema, ["type": "null"]]]
    }

    static func array(_ items: JSONValue) -> JSONValue { ["type": "array", "items": items] }

    static func oneOf(_ values: [String]) -> JSONValue {
        ["type": "string", "enum": .array(values.map(JSONValue.string))]
    }

    static func range(_ low: Int, _ high: Int) -> JSONValue {
        ["type": "integer", "minimum": .number(Double(low)), "maximum": .number(Double(high))]
    }

    static func range(_ range: ClosedRange<Int>) -> JSONValue { self.range(range.lowerBound, range.upperBound) }

    static func object(_ properties: [String: JSONValue], required: [String] = []) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { schema["required"] = .array(required.map(JSONValue.string)) }
        return .object(schema)
    }

    /// An object whose every listed key is always present.
    static func record(_ properties: [String: JSONValue]) -> JSONValue {
        object(properties, required: properties.keys.sorted())
    }

    /// TaskWorks' and the platform API's `{"data": ..., "error": null}`.
    static func envelope(_ data: JSONValue) -> JSONValue {
        object(["data": data, "error": nullable(string)], required: ["data"])
    }

    /// A Time Magic write body: the fields under one root key.
    static func rooted(_ root: String, _ fields: JSONValue) -> JSONValue { object([root: fields], required: [root]) }

    /// The error body a dialect answers with a status.
    static func error(_ dialect: Dialect, status: Int) -> JSONValue {
        switch dialect {
        case .game: ref("GameError")
        case .taskWorks: ref("TaskWorksError")
        case .timeMagic: [402, 429].contains(status) ? ref("TimeMagicInfo") : ref("TimeMagicErrors")
        case .mcp: ref("MCPAnswer")
        }
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 304: "Not Modified"
        case 400: "Bad request: the message names the field"
        case 401: "Unauthorized: missing, invalid or expired credentials"
        case 402: "Payment required: GETs need an active subscription"
        case 403: "Forbidden"
        case 404: "Not found (also for another user's resource)"
        case 408: "The request body did not arrive in time"
        case 409: "Conflict"
        case 410: "Gone: the cursor is older than the changes kept (POMO_CHANGE_RETENTION_DAYS)"
        case 413: "Body too large"
        case 422: "Validation failed"
        case 429: "Too many requests (see Retry-After)"
        case 503: "The database is unavailable"
        default: "Status \(status)"
        }
    }

    static var components: [String: JSONValue] {
        var all: [String: JSONValue] = [:]
        all.merge(errors) { $1 }
        all.merge(game) { $1 }
        all.merge(taskWorks) { $1 }
        all.merge(timeMagic) { $1 }
        all.merge(platform) { $1 }
        return all
    }

    static let errors: [String: JSONValue] = [
        "GameError": object(
            ["error": string, "field": string, "missing": array(string)], required: ["error"]),
        "TaskWorksError": object(
            ["error": string, "message": string, "code": nullable(string), "context": nullable(anyObject)],
            required: ["error", "message"]),
        "TimeMagicErrors": object(
            ["errors": ["anyOf": [string, ["type": "object", "additionalProperties": array(string)]]]],
            required: ["errors"]),
        "TimeMagicInfo": record(["info": string]),
    ]

    static let game: [String: JSONValue] = [
        "HubUser": object(
            [
                "id": integer, "username": string, "email": string, "role": string, "timezone": string,
                "created_at": timestamp, "updated_at": timestamp, "is_active": boolean,
            ], required: ["id", "username", "email"]),
        "HubRegisterRequest": object(
            ["username": string, "email": string, "password": string, "timezone": string],
            required: ["username", "email", "password"]),
        "HubLoginRequest": object(
            ["username": string, "email": string, "login": string, "password": string], required: ["password"]),
        "HubTokens": object(
            [
                "success": boolean, "access_token": string, "refresh_token": string, "token": string,
                "token_type": string, "expires_in": integer, "user": ref("HubUser"),
            ], required: ["access_token", "refresh_token", "user"]),
        "GameSubmitRequest": object(
            [
                "start_time": timestamp, "end_time": timestamp,
                "duration": ["type": "number", "minimum": 1, "maximum": 240],
                "category": string, "project": string, "note": string, "source": string, "session_id": uuid,
                // Pomo's: the minutes past the plan were focus too.
                "kept_going": boolean,
            ],
            required: ["start_time", "end_time", "duration", "category", "project", "note", "source", "session_id"]),
        "GamePomodoro": object(
            [
                "id": integer, "duration": number, "category": string, "project": string, "source": string,
                "start_time": string, "end_time": string, "date": day, "pof_score": integer, "points": number,
                "trustworthiness": oneOf(["High", "Medium", "Low"]),
            ], required: ["id", "duration", "category", "project", "pof_score", "points", "trustworthiness"]),
        "GameSubmitResponse": object(
            [
                "success": boolean, "session_id": string, "message": string, "pomodoro": ref("GamePomodoro"),
                "duplicate": boolean,
            ], required: ["success", "session_id", "pomodoro"]),
        "GamePlanRequest": object(
            [
                "session_id": uuid, "planned_duration": ["type": "number", "minimum": 1, "maximum": 240],
                "category": string, "project": nullable(string), "planning_notes": nullable(string),
                "goals": nullable(string), "energy_level": nullable(range(1, 10)), "source": string,
            ], required: ["session_id", "planned_duration", "category"]),
        "GameTimerStartRequest": object(
            ["category": string, "duration": number, "project_id": string, "note": string],
            required: ["category", "duration"]),
        "GameStartResponse": object(
            [
                "success": boolean, "session_id": string, "message": string, "pre_session": anyObject,
                "next_steps": anyObject,
            ], required: ["success", "session_id", "pre_session"]),
        "GamePresessionResponse": record([
            "success": boolean,
            "presession": object(
                [
                    "session_id": string, "status": string, "category": string, "planned_duration": number,
                    "planning_note": nullable(string), "project": nullable(anyObject), "started_at": timestamp,
                    "scheduled_end_at": nullable(timestamp),
                ], required: ["session_id", "status", "category", "planned_duration", "started_at"]),
        ]),
        "GameCancelRequest": object(
            [
                "session_id": uuid, "planned_duration": ["type": "number", "minimum": 1, "maximum": 240],
                "elapsed_minutes": ["type": "number", "minimum": 0, "maximum": 1440],
                "reason": oneOf(GameRules.cancelReasons.sorted()), "cancel_reason_note": nullable(string),
                "source": string,
            ], required: ["session_id"]),
        "GameCancelResponse": object(
            ["success": boolean, "cancellation_id": string, "message": string, "cancellation": anyObject],
            required: ["success", "cancellation"]),
        "GameSessionDetail": record(["success": boolean, "pomodoro": anyObject]),
        "FocusingNow": record(["count": integer]),
        "UserData": object(
            [
                "userId": string, "username": string, "email": string, "timezone": string, "points": anyObject,
                "streaks": anyObject, "badges": array(string), "preferences": anyObject, "session_stats": anyObject,
            ], required: ["userId", "username", "points", "streaks", "preferences", "session_stats"]),
        "PreferencesRequest": object([
            "daily_goal": range(PreferenceRules.dailyGoal), "default_duration": range(PreferenceRules.defaultDuration),
            "short_break_duration": range(PreferenceRules.shortBreakDuration),
            "long_break_duration": range(PreferenceRules.longBreakDuration),
            "notification_sound": oneOf(PreferenceRules.notificationSounds),
            "theme_preference": oneOf(PreferenceRules.themes), "public_leaderboard": boolean,
            "focus_mode": oneOf(PreferenceRules.focusModes), "auto_start_breaks": boolean, "timezone": string,
        ]),
        "Leaderboard": object(
            ["leaderboard": array(anyObject), "period_info": anyObject, "user_rank": nullable(anyObject)],
            required: ["leaderboard", "period_info"]),
        "GameProject": object(
            [
                "id": string, "name": string, "type": oneOf(["personal", "team"]), "color": nullable(string),
                "pomodoro_count": number, "total_duration": number, "total_points": number,
                "created_at": timestamp, "last_used": nullable(timestamp), "is_active": boolean,
            ], required: ["id", "name", "type"]),
        "GameProjects": object(
            ["projects": array(ref("GameProject")), "summary": anyObject], required: ["projects"]),
        "GameTeamProject": record(["success": boolean, "project": ref("GameProject")]),
        "Team": object(
            [
                "id": integer, "name": string, "slug": string, "description": nullable(string),
                "member_count": integer, "requires_approval": boolean, "is_active": boolean,
                "created_at": timestamp, "updated_at": timestamp, "members": array(ref("TeamMember")),
            ], required: ["id", "name", "slug"]),
        "TeamMember": object(
            ["id": integer, "user_id": integer, "username": string, "role": oneOf(["admin", "member"])],
            required: ["username", "role"]),
        "Teams": record(["teams": array(ref("Team"))]),
        "TeamCreateRequest": object(
            ["name": string, "slug": string, "description": nullable(string)], required: ["name", "slug"]),
        "TeamMemberRequest": object(
            ["username": string, "role": oneOf(["admin", "member"])], required: ["username"]),
        "TeamProjectRequest": object(
            [
                "team": string, "name": string, "color": nullable(string), "slack_channel": nullable(string),
                "webhook_url": nullable(string),
            ], required: ["team", "name"]),
        "TeamProjectWebhook": record(["project_id": string, "webhook_url": nullable(string)]),
        "TeamProjectWebhookRequest": object(["webhook_url": nullable(string)], required: ["webhook_url"]),
        "Health": record(["status": string, "version": string, "database": string, "time": timestamp]),
    ]

    static let pomodoro: JSONValue = object(
        [
            "id": string, "user_id": string, "task_id": nullable(string), "session_type": string,
            "duration_minutes": number, "started_at": timestamp, "scheduled_end_at": timestamp,
            "actual_end_at": nullable(timestamp), "status": oneOf(["active", "completed", "cancelled"]),
            "notification_sent": boolean, "evaluation_submitted": boolean, "created_at": timestamp,
            "updated_at": timestamp, "session_uuid": string, "pof_score": integer, "points": number,
            "trustworthiness": string,
        ], required: ["id", "user_id", "session_type", "duration_minutes", "started_at", "status"])

    static let taskWorks: [String: JSONValue] = [
        "Me": object(
            [
                "id": string, "userId": string, "email": string, "name": string, "username": string,
                "role": string, "timezone": string,
            ], required: ["id", "email", "username"]),
        "ApiKey": object(
            ["id": string, "name": string, "prefix": string, "token": string, "created_at": timestamp],
            required: ["id", "name", "prefix", "created_at"]),
        "Pomodoro": pomodoro,
        "PomodoroStartRequest": object(
            [
                "task_id": nullable(string), "session_type": oneOf(["work", "short_break", "long_break"]),
                "duration_minutes": ["type": "number", "exclusiveMinimum": 0],
            ], required: ["duration_minutes"]),
        "Session": object(
            [
                "id": string, "uuid": string, "kind": oneOf(SessionKind.allCases.map(\.rawValue)),
                "status": oneOf(SessionStatus.allCases.map(\.rawValue)), "start": timestamp,
                "end": nullable(timestamp), "duration_minutes": nullable(number), "planned_minutes": nullable(number),
                "category": nullable(string), "project": nullable(string), "project_id": nullable(string),
                "task_id": nullable(string), "planning_notes": nullable(string), "note": nullable(string),
                "cancel_reason": nullable(string), "source": nullable(string), "pof_score": nullable(integer),
                "points": nullable(number), "trustworthiness": nullable(string), "pof_factors": nullable(anyObject),
            ],
            required: ["id", "uuid", "kind", "status", "start"]),
        "SessionPage": object(
            ["items": array(ref("Session")), "nextCursor": nullable(string), "hasMore": boolean],
            required: ["items", "hasMore"]),
        "PomodoroPage": object(
            ["items": array(ref("Pomodoro")), "nextCursor": nullable(string), "hasMore": boolean],
            required: ["items", "hasMore"]),
        "Change": record([
            "cursor": string, "kind": string, "entity_type": string, "entity_id": string, "at": timestamp,
            "data": nullable(anyObject),
        ]),
        "ChangePage": object(
            ["items": array(ref("Change")), "nextCursor": string, "hasMore": boolean],
            required: ["items", "nextCursor", "hasMore"]),
        "ImportResult": record([
            "from": oneOf(ImportSource.allCases.map(\.rawValue)), "dry_run": boolean, "rows": integer,
            "created": record([
                "projects": integer, "tasks": integer, "activities": integer, "goals": integer,
                "estimations": integer, "reports": integer, "time_entries": integer, "sessions": integer,
            ]),
            "skipped": integer, "running": integer, "rejected": array(record(["line": integer, "reason": string])),
        ]),
        "AccountExport": object(
            [
                "format": oneOf(["pomo"]), "version": integer, "exported_at": timestamp, "user": anyObject,
                "projects": array(anyObject), "tasks": array(anyObject), "activities": array(anyObject),
                "goals": array(anyObject), "estimations": array(anyObject), "reports": array(anyObject),
                "time_entries": array(anyObject), "sessions": array(ref("ExportRow")),
            ],
            required: [
                "format", "version", "exported_at", "user", "projects", "tasks", "activities", "goals", "estimations",
                "reports", "time_entries", "sessions",
            ]),
        "ExportRow": object(
            Dictionary(
                uniqueKeysWithValues: ExportWriter.columns.map { column -> (String, JSONValue) in
                    switch column {
                    case "duration_minutes", "points": (column, nullable(number))
                    case "pof_score": (column, nullable(integer))
                    case "id", "start", "start_utc", "kind", "status": (column, string)
                    default: (column, nullable(string))
                    }
                }), required: ExportWriter.columns),
        "Webhook": object(
            [
                "id": string, "url": string, "events": array(string), "active": boolean,
                "disabled_reason": nullable(string), "created_at": timestamp, "updated_at": timestamp,
                "secret": ["type": "string", "description": "Only in the answer that created or rotated it"],
            ],
            required: ["id", "url", "events", "active", "disabled_reason", "created_at", "updated_at"]),
        "WebhookRequest": object(
            [
                "url": string,
                "events": [
                    "type": "array", "minItems": 1,
                    "items": oneOf(WebhookRules.patterns.sorted()),
                ],
                "active": boolean,
            ],
            required: ["url", "events"]),
        "WebhookUpdate": object([
            "url": string, "events": ["type": "array", "minItems": 1, "items": oneOf(WebhookRules.patterns.sorted())],
            "active": boolean, "rotate_secret": boolean,
        ]),
        "WebhookDelivery": record([
            "id": string, "event": string, "status": oneOf(WebhookDelivery.Status.allCases.map(\.rawValue)),
            "attempts": integer, "response_code": nullable(integer), "error": nullable(string),
            "next_attempt_at": nullable(timestamp), "created_at": timestamp, "updated_at": timestamp,
            "redelivery_of": nullable(string), "payload": anyObject,
        ]),
        "WebhookDeliveryPage": object(
            ["items": array(ref("WebhookDelivery")), "nextCursor": nullable(string), "hasMore": boolean],
            required: ["items", "nextCursor", "hasMore"]),
        "TeamNotification": record([
            "event": oneOf(["session.planned", "session.completed", "session.cancelled"]), "text": string,
        ]),
        "Report": record([
            "from": day, "to": day, "by": oneOf(["day", "project", "category"]), "rows": array(ref("ReportRow")),
            "total": ref("ReportRow"),
        ]),
        "ReportRow": record(["key": string, "sessions": integer, "minutes": number, "points": number]),
        "Presence": record([
            "count": integer,
            "team": array(
                object(
                    [
                        "username": string, "category": nullable(string), "project": nullable(string),
                        "ends_at": nullable(timestamp),
                    ], required: ["username"])),
        ]),
    ]

    static let timeMagic: [String: JSONValue] = [
        "TMProject": object(
            [
                "uuid": string, "name": string, "description": nullable(string), "project_type": string,
                "rate_cents": nullable(integer), "rate_currency": nullable(string),
                "allow_parallel_tasks": boolean, "working_hours_per_day": nullable(number), "created_at": timestamp,
                "updated_at": timestamp,
            ], required: ["uuid", "name", "project_type"]),
        "TMEstimation": object(
            [
                "uuid": string, "title": string, "description": nullable(string), "starts_at": nullable(day),
                "ends_at": nullable(day), "roadmap_state": oneOf(RoadmapState.allCases.map(\.rawValue)),
                "data": nullable(anyObject), "project_uuid": string, "task_uuids": array(string),
                "created_at": timestamp, "updated_at": timestamp,
            ], required: ["uuid", "title", "roadmap_state", "project_uuid", "task_uuids"]),
        "TMReport": object(
            [
                "uuid": string, "title": nullable(string), "description": nullable(string), "begin_date": day,
                "end_date": day, "data": nullable(anyObject), "project_uuid": string,
                "selected_task_uuids": array(string), "excluded_task_uuids": array(string), "created_at": timestamp,
                "updated_at": timestamp,
            ], required: ["uuid", "begin_date", "end_date", "project_uuid"]),
        "MCPMessage": ["type": ["object", "array"], "description": "A JSON-RPC 2.0 message (or a batch)"],
        "MCPAnswer": [
            "type": ["object", "array"], "description": "A JSON-RPC 2.0 result or error (or a batch of them)",
        ],
        "TMEstimationWrite": rooted(
            "estimation",
            object([
                "title": string, "description": nullable(string), "starts_at": nullable(day),
                "ends_at": nullable(day), "task_uuids": nullable(array(string)),
            ])),
        "TMReportWrite": rooted(
            "report",
            object([
                "title": nullable(string), "description": nullable(string), "begin_date": day, "end_date": day,
                "selected_task_uuids": nullable(array(string)), "excluded_task_uuids": nullable(array(string)),
            ])),
        "TMTask": object(
            [
                "uuid": string, "name": string, "description": nullable(string),
                "status": oneOf(["pending", "in_progress", "completed"]), "task_type": string,
                "project_uuid": string, "created_at": timestamp, "updated_at": timestamp,
            ], required: ["uuid", "name", "status", "project_uuid"]),
        "TMActivity": object(
            [
                "uuid": string, "name": string, "activity_type": string,
                "aasm_state": oneOf(["pending", "in_progress"]), "created_at": timestamp, "updated_at": timestamp,
            ], required: ["uuid", "name", "aasm_state"]),
        "TMGoal": object(
            [
                "uuid": string, "text": string, "period": oneOf(["week", "month"]), "begin_date": day,
                "month": day, "goalable_type": string, "goalable_uuid": string,
            ], required: ["uuid", "text", "period"]),
        "TMTimeEntry": object(
            [
                "uuid": string, "begin_time": timestamp, "end_time": nullable(timestamp),
                "duration": nullable(integer), "comment": nullable(string), "resource_type": nullable(string),
                "resource_uuid": nullable(string),
            ], required: ["uuid", "begin_time"]),
        "TMProjectWrite": rooted(
            "project",
            object([
                "name": string, "description": nullable(string),
                "project_type": oneOf(ProjectType.allCases.map(\.rawValue)), "rate_cents": nullable(integer),
                "rate_currency": nullable(string), "allow_parallel_tasks": boolean,
                "working_hours_per_day": nullable(number),
            ])),
        "TMTaskWrite": rooted(
            "task",
            object([
                "name": string, "description": nullable(string), "task_type": oneOf(["default", "permanent"]),
                "data": nullable(anyObject),
            ])),
        "TMActivityWrite": rooted(
            "activity",
            object(["name": string, "activity_type": oneOf(["productive", "leisure", "other"])])),
        "TMGoalWrite": rooted(
            "goal",
            object([
                "text": string, "period": oneOf(["week", "month"]), "begin_date": day, "month": day,
                "project_id": nullable(string),
            ])),
        "TMTimeEntryWrite": rooted(
            "time_entry",
            object([
                "begin_time": timestamp, "end_time": nullable(timestamp), "duration": nullable(integer),
                "comment": nullable(string), "resource_type": nullable(oneOf(["task", "activity"])),
                "resource_id": nullable(string),
            ])),
    ]

    static let platform: [String: JSONValue] = [
        "AdminUser": object(
            [
                "id": integer, "username": string, "email": string, "role": string, "timezone": string,
                "is_active": boolean, "subscription_active_until": nullable(string), "created_at": timestamp,
            ], required: ["id", "username", "email", "role"]),
        "AdminUserRequest": object(
            ["username": string, "email": string, "password": string, "timezone": string],
            required: ["username", "email", "password"]),
        "SubscriptionRequest": object(["active_until": nullable(timestamp)], required: ["active_until"]),
    ]
}
