import HTTPTypes
import PomoCore
import PomoWire

/// TaskWorks v1, at `/api/v1` and `/taskworks/api/v1`, with Pomo's reports and presence, which
/// speak its conventions.
enum TaskWorksRoutes {
    typealias S = APISchemas

    /// A TaskWorks route: 401 and 403 for the credential; a body adds 400 and 413.
    static func taskWorks(
        _ method: HTTPRequest.Method, _ path: String, _ summary: String, tag: String = "TaskWorks",
        auth: APIAuth = .any, query: [any DocumentedQuery] = [], body: JSONValue? = nil, ok: [Int: JSONValue],
        errors: [Int] = [], _ handler: @escaping @Sendable (AppServices) -> Handler
    ) -> Endpoint {
        let query = query.map(\.parameter)
        return Endpoint(
            method: method, path: path, mount: .taskWorks, tag: tag, summary: summary, auth: auth, query: query,
            body: body, success: ok, errors: Endpoint.errors(auth: [401, 403], body: body, query: query, errors),
            handler: handler)
    }

    static let endpoints = auth + pomodoro + tasksAndBlocks + platform

    static let auth: [Endpoint] = [
        taskWorks(.get, "/auth/me", "The caller", ok: [200: S.envelope(S.ref("Me"))]) {
            TaskWorksAuthController(services: $0).me
        },
        taskWorks(
            .post, "/auth/password",
            "Change the caller's password (the current one first); every session and token of the account ends",
            auth: .notApiKey,
            body: S.object(
                ["current_password": S.string, "new_password": S.string],
                required: ["current_password", "new_password"]),
            ok: [200: S.envelope(S.record(["changed": S.boolean, "api_keys_kept": S.integer]))]
        ) { TaskWorksAuthController(services: $0).changePassword },
        taskWorks(
            .get, "/auth/api-keys", "The caller's API keys (never the secrets)", auth: .notApiKey,
            ok: [200: S.envelope(S.array(S.ref("ApiKey")))]
        ) { TaskWorksAuthController(services: $0).listKeys },
        taskWorks(
            .post, "/auth/api-keys", "Create an API key; the token is shown only here", auth: .notApiKey,
            body: S.object(["name": S.string]), ok: [201: S.envelope(S.ref("ApiKey"))]
        ) { TaskWorksAuthController(services: $0).createKey },
        taskWorks(
            .delete, "/auth/api-keys", "Revoke a key named by `id` in the query or body", auth: .notApiKey,
            query: [TaskWorksAuthController.keyId], ok: [200: S.envelope(S.anyObject)], errors: [404]
        ) { TaskWorksAuthController(services: $0).revokeKey },
        taskWorks(
            .delete, "/auth/api-keys/{id}", "Revoke a key", auth: .notApiKey, ok: [200: S.envelope(S.anyObject)],
            errors: [404]
        ) { TaskWorksAuthController(services: $0).revokeKey },
        taskWorks(
            .post, "/auth/api-keys/{id}/rotate", "Replace a key's secret", auth: .notApiKey,
            ok: [201: S.envelope(S.ref("ApiKey"))], errors: [404]
        ) { TaskWorksAuthController(services: $0).rotateKey },
    ]

    static let pomodoro: [Endpoint] = [
        taskWorks(
            .get, "/pomodoro", "The caller's running session, from any client, or null",
            ok: [200: S.envelope(S.nullable(S.ref("Pomodoro")))]
        ) { PomodoroController(services: $0).active },
        taskWorks(
            .post, "/pomodoro", "Start a work session or a break", body: S.ref("PomodoroStartRequest"),
            ok: [201: S.envelope(S.ref("Pomodoro"))], errors: [404, 409]
        ) { PomodoroController(services: $0).start },
        taskWorks(
            .get, "/pomodoro/history", "The caller's sessions, newest first, by cursor",
            query: PomodoroController.historyQuery, ok: [200: S.envelope(S.ref("PomodoroPage"))]
        ) { PomodoroController(services: $0).history },
        taskWorks(
            .get, "/pomodoro/unsubmitted",
            "Work sessions nobody ended, newest first: each waits to be completed (submitted) or cancelled (discarded)",
            ok: [200: S.envelope(S.array(S.ref("Pomodoro")))]
        ) { PomodoroController(services: $0).unsubmitted },
        {
            var complete = taskWorks(
                .post, "/pomodoro/{id}/complete",
                "Complete a session (minutes past its plan count only with kept_going)",
                body: S.object(["kept_going": S.boolean, "note": S.string]), ok: [200: S.envelope(S.anyObject)],
                errors: [404, 409]
            ) { PomodoroController(services: $0).complete }
            complete.bodyRequired = false
            return complete
        }(),
        taskWorks(
            .delete, "/pomodoro/{id}/cancel", "Cancel a session", ok: [200: S.envelope(S.anyObject)],
            errors: [404, 409]
        ) { PomodoroController(services: $0).cancel },
        taskWorks(
            .post, "/pomodoro/{id}/evaluation", "Rate a finished session",
            body: S.object(["rating": S.range(1, 5), "note": S.nullable(S.string)]),
            ok: [200: S.envelope(S.ref("Pomodoro"))], errors: [404, 409]
        ) { PomodoroController(services: $0).evaluate },
    ]

    static let tasksAndBlocks: [Endpoint] = [
        taskWorks(
            .get, "/tasks/today", "Today's tasks with their counts", ok: [200: S.envelope(S.array(S.anyObject))]
        ) { TasksController(services: $0).today },
        taskWorks(
            .post, "/tasks/{id}/execute", "Count one execution of a task today", ok: [200: S.envelope(S.anyObject)],
            errors: [404]
        ) { TasksController(services: $0).execute },
        taskWorks(
            .get, "/blocks/windows", "Time windows a site blocker should enforce", auth: .notApiKey,
            query: BlocksController.query, ok: [200: ["anyOf": [S.array(S.anyObject), S.anyObject]]]
        ) { BlocksController(services: $0).windows },
    ]

    static let platform: [Endpoint] = [
        taskWorks(
            .get, "/tasks/focus", "Pomodoros (completed work sessions), cancelled ones and focus minutes per task",
            tag: "Pomo",
            ok: [
                200: S.envelope(
                    S.array(
                        S.record([
                            "task_id": S.string, "pomodoros": S.integer, "cancelled": S.integer, "minutes": S.number,
                        ])))
            ]
        ) { TaskFocusController(services: $0).list },
        taskWorks(
            .get, "/sessions", "The caller's past sessions, newest first, with notes and factors; filters, by cursor",
            tag: "Pomo", query: SessionsController.query, ok: [200: S.envelope(S.ref("SessionPage"))]
        ) { SessionsController(services: $0).list },
        taskWorks(
            .post, "/sessions",
            "Add a session done without a timer (its score says it was added; the submit's checks apply)",
            tag: "Pomo",
            body: S.object(
                [
                    "start": S.timestamp, "end": S.timestamp, "category": S.string, "project": S.string,
                    "note": S.string,
                ], required: ["start", "end"]),
            ok: [201: S.envelope(S.ref("Session"))], errors: [404]
        ) { SessionsController(services: $0).add },
        taskWorks(
            .patch, "/sessions/{id}",
            "Change an ended session's note, category or project (its score stays and says it was edited)",
            tag: "Pomo", body: S.object(["note": S.nullable(S.string), "category": S.string, "project": S.string]),
            ok: [200: S.envelope(S.ref("Session"))], errors: [404, 409]
        ) { SessionsController(services: $0).edit },
        taskWorks(
            .delete, "/sessions/{id}", "Delete an ended session (its totals go with it)", tag: "Pomo",
            ok: [200: S.envelope(S.record(["id": S.string, "deleted": S.boolean]))], errors: [404, 409]
        ) { SessionsController(services: $0).delete },
        taskWorks(
            .get, "/reports/summary", "Completed work by day, project or category", tag: "Pomo",
            query: ReportsController.query, ok: [200: S.envelope(S.ref("Report"))]
        ) { ReportsController(services: $0).summary },
        taskWorks(
            .get, "/changes",
            "The sync feed: the caller's changes since a cursor, deletions included, oldest first", tag: "Pomo",
            query: ChangesController.query, ok: [200: S.envelope(S.ref("ChangePage"))], errors: [410]
        ) { ChangesController(services: $0).feed },
        Endpoint(
            method: .get, path: "/events", mount: .taskWorks, tag: "Pomo",
            summary:
                "Server-Sent Events: the caller's changes (`id:` the cursor; `Last-Event-ID` resumes), teams' "
                + "presence, a heartbeat comment",
            query: EventsController.query.map(\.parameter),
            success: [200: S.string], errors: [400, 401, 403, 410, 429], contentType: "text/event-stream"
        ) { EventsController(services: $0).stream },
        Endpoint(
            method: .get, path: "/exports/sessions", mount: .taskWorks, tag: "Pomo",
            summary:
                "The caller's focus sessions in range as CSV (RFC 4180, formula cells neutralised) or a JSON array, "
                + "streamed",
            query: ExportsController.query.map(\.parameter), success: [200: S.string], errors: [400, 401, 403],
            contentType: "text/csv", otherContent: ["application/json": S.array(S.ref("ExportRow"))]
        ) { ExportsController(services: $0).sessions },
        Endpoint(
            method: .get, path: "/exports/time_entries", mount: .taskWorks, tag: "Pomo",
            summary: "The caller's time entries in range as CSV or a JSON array, streamed",
            query: ExportsController.query.map(\.parameter), success: [200: S.string], errors: [400, 401, 403],
            contentType: "text/csv", otherContent: ["application/json": S.array(S.ref("ExportRow"))]
        ) { ExportsController(services: $0).timeEntries },
        taskWorks(
            .get, "/account/export",
            "Everything of the caller as one JSON document (profile, workspace, time entries, sessions), streamed",
            tag: "Pomo", ok: [200: S.ref("AccountExport")]
        ) { AccountController(services: $0).export },
        taskWorks(
            .delete, "/account",
            "Delete the caller's account and everything of it (password first; not the server's last admin)",
            tag: "Pomo", auth: .notApiKey, body: S.object(["password": S.string], required: ["password"]),
            ok: [200: S.envelope(S.record(["deleted": S.boolean]))], errors: [409]
        ) { AccountController(services: $0).delete },
        Endpoint(
            method: .post, path: "/imports", mount: .taskWorks, tag: "Pomo",
            summary:
                "Import another tracker's export (Toggl, Clockify or Kimai CSV, TimeTagger's table or records) as "
                + "projects, tasks and time entries, or a Pomo account document (also activities, goals and sessions); "
                + "`dry_run` counts and lists unreadable rows without writing",
            query: ImportsController.query.map(\.parameter), body: S.string,
            success: [200: S.envelope(S.ref("ImportResult")), 201: S.envelope(S.ref("ImportResult"))],
            errors: [400, 401, 403, 413, 422],
            bodyContent: [
                "text/csv": S.string, "text/tab-separated-values": S.string, "text/plain": S.string,
                "application/json": S.anyObject,
                "multipart/form-data": S.object(["file": ["type": "string", "format": "binary"]], required: ["file"]),
            ]
        ) { ImportsController(services: $0).run },
        taskWorks(
            .get, "/calendar", "Whether the caller has a calendar feed URL", tag: "Pomo",
            ok: [200: S.envelope(S.record(["exists": S.boolean, "created_at": S.nullable(S.timestamp)]))]
        ) { CalendarController(services: $0).status },
        taskWorks(
            .post, "/calendar",
            "Create or rotate the caller's calendar feed URL (shown in this answer only; the old one stops working)",
            tag: "Pomo", ok: [201: S.envelope(S.record(["url": S.string, "created_at": S.timestamp]))]
        ) { CalendarController(services: $0).rotate },
        taskWorks(
            .delete, "/calendar", "Revoke the caller's calendar feed URL", tag: "Pomo",
            ok: [200: S.envelope(S.record(["revoked": S.boolean]))]
        ) { CalendarController(services: $0).revoke },
        Endpoint(
            method: .get, path: "/calendar/{token}.ics", mount: .taskWorks, tag: "Pomo",
            summary:
                "The calendar feed (RFC 5545): completed and running focus sessions and time entries; the token is "
                + "its only credential; `ETag` and `If-None-Match`",
            auth: .none, query: CalendarController.query.map(\.parameter), success: [200: S.string, 304: .null],
            errors: [400, 404], contentType: "text/calendar"
        ) { CalendarController(services: $0).feed },
        taskWorks(
            .get, "/webhooks", "The caller's webhooks (never their secrets)", tag: "Pomo",
            ok: [200: S.envelope(S.array(S.ref("Webhook")))]
        ) { WebhooksController(services: $0).list },
        taskWorks(
            .post, "/webhooks",
            "Create a signed webhook for kinds of change; the answer holds its secret, shown only this once",
            tag: "Pomo", body: S.ref("WebhookRequest"), ok: [201: S.envelope(S.ref("Webhook"))], errors: [422]
        ) { WebhooksController(services: $0).create },
        taskWorks(
            .get, "/webhooks/{id}", "A webhook, with why it was disabled if it was", tag: "Pomo",
            ok: [200: S.envelope(S.ref("Webhook"))], errors: [404]
        ) { WebhooksController(services: $0).show },
        taskWorks(
            .patch, "/webhooks/{id}",
            "Change a webhook's URL, events or active flag (enabling clears the reason), or rotate its secret",
            tag: "Pomo", body: S.ref("WebhookUpdate"), ok: [200: S.envelope(S.ref("Webhook"))], errors: [404, 422]
        ) { WebhooksController(services: $0).update },
        taskWorks(
            .delete, "/webhooks/{id}", "Delete a webhook and its deliveries", tag: "Pomo",
            ok: [200: S.envelope(S.record(["id": S.string, "deleted": S.boolean]))], errors: [404]
        ) { WebhooksController(services: $0).delete },
        taskWorks(
            .get, "/webhooks/{id}/deliveries", "A webhook's deliveries, newest first", tag: "Pomo",
            query: WebhooksController.query, ok: [200: S.envelope(S.ref("WebhookDeliveryPage"))], errors: [404]
        ) { WebhooksController(services: $0).deliveries },
        taskWorks(
            .post, "/webhooks/{id}/deliveries/{delivery}/redeliver",
            "Send a delivery's body again, as a new delivery", tag: "Pomo",
            ok: [202: S.envelope(S.ref("WebhookDelivery"))], errors: [404]
        ) { WebhooksController(services: $0).redeliver },
        taskWorks(
            .get, "/presence", "Everyone focusing now, and the caller's teammates", tag: "Pomo",
            ok: [200: S.envelope(S.ref("Presence"))]
        ) { PresenceController(services: $0).presence },
    ]
}
