import HTTPTypes
import PomoCore
import PomoWire

/// Time Magic, at `/api` and `/timemagic/api`, behind its gate (`TimeMagicGate`).
enum TimeMagicRoutes {
    typealias S = APISchemas

    /// A Time Magic route: 401, then the rate limit (429), then 402 for a GET without a subscription.
    static func timeMagic(
        _ method: HTTPRequest.Method, _ path: String, _ summary: String, query: [any DocumentedQuery] = [],
        body: JSONValue? = nil, ok: [Int: JSONValue], errors: [Int] = [], only: [String]? = nil,
        mount: Mount = .timeMagic, _ handler: @escaping @Sendable (AppServices) -> Handler
    ) -> Endpoint {
        let query = query.map(\.parameter)
        let gate = method == .get ? [401, 402, 429] : [401, 429]
        return Endpoint(
            method: method, path: path, mount: mount, tag: "Time Magic", summary: summary, query: query,
            body: body, success: ok, errors: Endpoint.errors(auth: gate, body: body, query: query, errors),
            only: only, handler: handler)
    }

    static let endpoints = projects + tasks + activities + goals + timeEntries + estimations + reports + mcp

    static let projects: [Endpoint] = [
        // At /api/projects the Game's route answers and hands API-key callers here (`GameRoutes`).
        timeMagic(
            .get, "/projects", "The caller's projects", ok: [200: S.array(S.ref("TMProject"))],
            only: ["/timemagic/api"]
        ) { TimeMagicProjectsController(services: $0).list },
        timeMagic(
            .post, "/projects", "Create a project", body: S.ref("TMProjectWrite"), ok: [201: S.ref("TMProject")],
            errors: [422]
        ) { TimeMagicProjectsController(services: $0).create },
        timeMagic(.get, "/projects/{id}", "One project", ok: [200: S.ref("TMProject")], errors: [404]) {
            TimeMagicProjectsController(services: $0).show
        },
        timeMagic(
            .delete, "/projects/{id}", "Delete a project, its tasks, entries, goals, estimations and reports",
            ok: [204: .null],
            errors: [404]
        ) { TimeMagicProjectsController(services: $0).delete },
    ]
    .withUpdates(
        "/projects/{id}", "Change a project", body: S.ref("TMProjectWrite"), ok: [200: S.ref("TMProject")]
    ) { TimeMagicProjectsController(services: $0).update }

    static let tasks: [Endpoint] = [
        timeMagic(
            .get, "/projects/{id}/tasks", "A project's tasks", ok: [200: S.array(S.ref("TMTask"))], errors: [404]
        ) { TimeMagicTasksController(services: $0).list },
        timeMagic(
            .post, "/projects/{id}/tasks", "Create a task", body: S.ref("TMTaskWrite"), ok: [201: S.ref("TMTask")],
            errors: [404, 422]
        ) { TimeMagicTasksController(services: $0).create },
        timeMagic(.get, "/tasks/tracking", "Tasks being tracked now", ok: [200: S.array(S.ref("TMTask"))]) {
            TimeMagicTasksController(services: $0).tracking
        },
        timeMagic(.get, "/tasks/{id}", "One task", ok: [200: S.ref("TMTask")], errors: [404]) {
            TimeMagicTasksController(services: $0).show
        },
        timeMagic(.delete, "/tasks/{id}", "Delete a task", ok: [204: .null], errors: [404]) {
            TimeMagicTasksController(services: $0).delete
        },
    ]
    .withUpdates(
        "/tasks/{id}", "Change a task, or apply `?event=` (then no body)", query: [TimeMagicTasksController.event],
        body: S.ref("TMTaskWrite"), ok: [200: S.ref("TMTask")]
    ) { TimeMagicTasksController(services: $0).update }

    static let activities: [Endpoint] = [
        timeMagic(.get, "/activities", "The caller's activities", ok: [200: S.array(S.ref("TMActivity"))]) {
            TimeMagicActivitiesController(services: $0).list
        },
        timeMagic(
            .post, "/activities", "Create an activity", body: S.ref("TMActivityWrite"),
            ok: [201: S.ref("TMActivity")], errors: [422]
        ) { TimeMagicActivitiesController(services: $0).create },
        timeMagic(.get, "/activities/{id}", "One activity", ok: [200: S.ref("TMActivity")], errors: [404]) {
            TimeMagicActivitiesController(services: $0).show
        },
        timeMagic(.delete, "/activities/{id}", "Delete an activity", ok: [204: .null], errors: [404]) {
            TimeMagicActivitiesController(services: $0).delete
        },
    ]
    .withUpdates(
        "/activities/{id}", "Change an activity, or apply `?event=` (then no body)",
        query: [TimeMagicActivitiesController.event], body: S.ref("TMActivityWrite"), ok: [200: S.ref("TMActivity")]
    ) { TimeMagicActivitiesController(services: $0).update }

    static let goals: [Endpoint] = [
        timeMagic(
            .get, "/goals", "The caller's goals", query: [TimeMagicGoalsController.projectId],
            ok: [200: S.array(S.ref("TMGoal"))], errors: [404]
        ) { TimeMagicGoalsController(services: $0).list },
        timeMagic(
            .post, "/goals", "Create a goal (date moved to the Monday or the 1st)", body: S.ref("TMGoalWrite"),
            ok: [201: S.ref("TMGoal")], errors: [404, 422]
        ) { TimeMagicGoalsController(services: $0).create },
        timeMagic(.get, "/goals/{id}", "One goal", ok: [200: S.ref("TMGoal")], errors: [404]) {
            TimeMagicGoalsController(services: $0).show
        },
        timeMagic(.delete, "/goals/{id}", "Delete a goal", ok: [204: .null], errors: [404]) {
            TimeMagicGoalsController(services: $0).delete
        },
    ]
    .withUpdates("/goals/{id}", "Change a goal", body: S.ref("TMGoalWrite"), ok: [200: S.ref("TMGoal")]) {
        TimeMagicGoalsController(services: $0).update
    }

    static let timeEntries: [Endpoint] = [
        timeMagic(.get, "/time_entries", "The caller's time entries", ok: [200: S.array(S.ref("TMTimeEntry"))]) {
            TimeMagicEntriesController(services: $0).list
        },
        timeMagic(
            .post, "/time_entries", "Create a time entry", body: S.ref("TMTimeEntryWrite"),
            ok: [201: S.ref("TMTimeEntry")], errors: [422]
        ) { TimeMagicEntriesController(services: $0).create },
        timeMagic(.get, "/time_entries/{id}", "One time entry", ok: [200: S.ref("TMTimeEntry")], errors: [404]) {
            TimeMagicEntriesController(services: $0).show
        },
        timeMagic(.delete, "/time_entries/{id}", "Delete a time entry", ok: [204: .null], errors: [404]) {
            TimeMagicEntriesController(services: $0).delete
        },
    ]
    .withUpdates(
        "/time_entries/{id}", "Change a time entry", body: S.ref("TMTimeEntryWrite"), ok: [200: S.ref("TMTimeEntry")]
    ) { TimeMagicEntriesController(services: $0).update }
}

extension TimeMagicRoutes {
    static let estimations: [Endpoint] = [
        timeMagic(
            .get, "/projects/{id}/estimations", "A project's estimations", ok: [200: S.array(S.ref("TMEstimation"))],
            errors: [404]
        ) { TimeMagicPlansController(services: $0).estimations },
        timeMagic(
            .post, "/projects/{id}/estimations", "Create an estimation", body: S.ref("TMEstimationWrite"),
            ok: [201: S.ref("TMEstimation")], errors: [404, 422]
        ) { TimeMagicPlansController(services: $0).createEstimation },
        timeMagic(.get, "/estimations/{id}", "One estimation", ok: [200: S.ref("TMEstimation")], errors: [404]) {
            TimeMagicPlansController(services: $0).estimation
        },
        timeMagic(.delete, "/estimations/{id}", "Delete an estimation", ok: [204: .null], errors: [404]) {
            TimeMagicPlansController(services: $0).deleteEstimation
        },
    ]
    .withUpdates(
        "/estimations/{id}", "Change an estimation, or `?event=calculate_roadmap` (then no body)",
        query: [TimeMagicPlansController.event], body: S.ref("TMEstimationWrite"), ok: [200: S.ref("TMEstimation")]
    ) { TimeMagicPlansController(services: $0).updateEstimation }

    static let reports: [Endpoint] = [
        timeMagic(
            .get, "/projects/{id}/reports", "A project's reports", ok: [200: S.array(S.ref("TMReport"))],
            errors: [404]
        ) { TimeMagicPlansController(services: $0).reports },
        timeMagic(
            .post, "/projects/{id}/reports", "Create a report (its time counted now)", body: S.ref("TMReportWrite"),
            ok: [201: S.ref("TMReport")], errors: [404, 422]
        ) { TimeMagicPlansController(services: $0).createReport },
        timeMagic(.get, "/reports/{id}", "One report", ok: [200: S.ref("TMReport")], errors: [404]) {
            TimeMagicPlansController(services: $0).report
        },
        timeMagic(.delete, "/reports/{id}", "Delete a report", ok: [204: .null], errors: [404]) {
            TimeMagicPlansController(services: $0).deleteReport
        },
    ]
    .withUpdates(
        "/reports/{id}", "Change a report and count its time again", body: S.ref("TMReportWrite"),
        ok: [200: S.ref("TMReport")]
    ) { TimeMagicPlansController(services: $0).updateReport }
}

extension TimeMagicRoutes {
    /// The MCP transport the maintainer's guide names, behind the same gate as the REST routes.
    /// GET (a stream of the server's own messages) and DELETE (the end of a session) are the
    /// transport's 405: Pomo has neither.
    static let mcp: [Endpoint] =
        [
            timeMagic(
                .post, "/mcp", "MCP (Streamable HTTP, JSON answers): initialize, ping, tools/list, tools/call",
                body: S.ref("MCPMessage"), ok: [200: S.ref("MCPAnswer"), 202: .null], mount: .mcp
            ) { MCPController(services: $0).post }
        ]
        + [HTTPRequest.Method.get, .delete].map { method in
            timeMagic(
                method, "/mcp", "Not served here (no stream, no session): 405", ok: [405: S.ref("MCPAnswer")],
                mount: .mcp
            ) { MCPController(services: $0).notAllowed }
        }
}

extension [Endpoint] {
    /// Time Magic takes a change as PUT or PATCH alike: one declaration, both methods.
    fileprivate func withUpdates(
        _ path: String, _ summary: String, query: [any DocumentedQuery] = [], body: JSONValue, ok: [Int: JSONValue],
        _ handler: @escaping @Sendable (AppServices) -> Handler
    ) -> [Endpoint] {
        self
            + [HTTPRequest.Method.put, .patch].map { method in
                TimeMagicRoutes.timeMagic(
                    method, path, summary, query: query, body: body, ok: ok, errors: [404, 422], handler)
            }
    }
}
