import PomoCore

/// Every route pomod serves, as the OpenAPI document and the `/docs/api` page describe it.
/// `OpenAPITests` walks the router and fails when a route is missing here.
enum APIContract {
    typealias S = APISchemas

    static let tags: [(String, String)] = [
        ("Game: auth", "RegardingWork Hub-compatible accounts and tokens."),
        ("Game: sessions", "Plan, run, submit and cancel focus sessions; Proof-of-Focus scoring."),
        ("Game: users and teams", "User data, preferences, leaderboard, teams, projects and insights."),
        ("TaskWorks", "TaskWorks v1: API keys, pomodoro sessions, today's tasks, block windows."),
        ("Pomo", "Pomo's own platform API: reports, presence, web session, admin."),
        ("Time Magic", "Projects, tasks, activities, goals and time entries. 5 requests/min per user."),
        ("Operations", "Health, metrics and this description."),
        ("Web app", "The browser app's pages and assets."),
    ]

    static var operations: [APIOperation] {
        gameAuth + gameSessions + gameUsers + taskWorks + platform + timeMagic + operationsAndWeb
    }

    // MARK: - builders

    /// A Game route: missing token 403, a bad one 401; a body adds 400 and 413.
    static func game(
        _ method: String, _ path: String, _ tag: String, _ summary: String, auth: APIAuth = .any,
        query: [APIParameter] = [], body: JSONValue? = nil, ok: [Int: JSONValue], errors: [Int] = [],
        only: [String]? = nil, alsoErrors: [Dialect] = []
    ) -> APIOperation {
        APIOperation(
            method: method, path: path, group: .game, tag: tag, summary: summary, auth: auth, query: query, body: body,
            success: ok, errors: defaults(auth: auth == .none ? [] : [401, 403], body: body, query: query, errors),
            only: only, alsoErrors: alsoErrors)
    }

    static func taskWorks(
        _ method: String, _ path: String, _ summary: String, tag: String = "TaskWorks", auth: APIAuth = .any,
        query: [APIParameter] = [], body: JSONValue? = nil, ok: [Int: JSONValue], errors: [Int] = []
    ) -> APIOperation {
        APIOperation(
            method: method, path: path, group: .taskWorks, tag: tag, summary: summary, auth: auth, query: query,
            body: body, success: ok, errors: defaults(auth: [401, 403], body: body, query: query, errors))
    }

    /// A Time Magic route: 401, then the rate limit (429), then 402 for a GET without a subscription.
    static func timeMagic(
        _ method: String, _ path: String, _ summary: String, query: [APIParameter] = [], body: JSONValue? = nil,
        ok: [Int: JSONValue], errors: [Int] = [], only: [String]? = nil
    ) -> APIOperation {
        let gate = method == "GET" ? [401, 402, 429] : [401, 429]
        return APIOperation(
            method: method, path: path, group: .timeMagic, tag: "Time Magic", summary: summary, query: query,
            body: body, success: ok, errors: defaults(auth: gate, body: body, query: query, errors), only: only)
    }

    static func defaults(auth: [Int], body: JSONValue?, query: [APIParameter], _ extra: [Int]) -> [Int] {
        var all = Set(auth + extra)
        if body != nil { all.formUnion([400, 413]) }
        if !query.isEmpty { all.insert(400) }
        return all.sorted()
    }

    static func q(_ name: String, _ schema: JSONValue, _ description: String) -> APIParameter {
        APIParameter(name: name, schema: schema, description: description)
    }

    /// What `QueryFlag` takes (the document offered `yes` and `no`, which it refuses).
    static let flag = S.oneOf(QueryFlag.values)

    // MARK: - Game

    static let gameAuth: [APIOperation] = [
        game(
            "POST", "/auth/register", "Game: auth", "Register (the first account becomes the admin)", auth: .none,
            body: S.ref("HubRegisterRequest"), ok: [201: S.ref("HubTokens")], errors: [403, 409, 429]),
        game(
            "POST", "/auth/login", "Game: auth", "Log in with username or email", auth: .none,
            body: S.ref("HubLoginRequest"), ok: [200: S.ref("HubTokens")], errors: [401, 429]),
        game(
            "POST", "/login", "Game: auth", "The Game's own login", auth: .none, body: S.ref("HubLoginRequest"),
            ok: [200: S.anyObject], errors: [401, 429]),
        game(
            "POST", "/auth/refresh", "Game: auth", "Trade a refresh token for new tokens (rotates it)", auth: .none,
            body: S.object(["refresh_token": S.string], required: ["refresh_token"]), ok: [200: S.ref("HubTokens")],
            errors: [401]),
        game(
            "GET", "/auth/validate", "Game: auth", "Check the bearer token", auth: .notApiKey,
            ok: [200: S.anyObject]),
        game(
            "POST", "/auth/validate", "Game: auth", "Check a token given in the body or header", auth: .none,
            body: S.object(["token": S.string]), ok: [200: S.anyObject], errors: [401]),
        game("POST", "/auth/logout", "Game: auth", "Revoke the bearer token", ok: [200: S.anyObject]),
        game(
            "GET", "/auth/me", "Game: auth", "The caller", ok: [200: S.record(["user": S.ref("HubUser")])]),
    ]

    static let gameSessions: [APIOperation] = [
        game(
            "POST", "/pomodoro/submit", "Game: sessions",
            "Log a finished session; a replay of the same session_id and body answers 200 with duplicate: true",
            body: S.ref("GameSubmitRequest"), ok: [201: S.ref("GameSubmitResponse"), 200: S.ref("GameSubmitResponse")],
            errors: [409]),
        game(
            "POST", "/session/start", "Game: sessions", "Plan a session and start its timer (the plan locks)",
            body: S.ref("GamePlanRequest"), ok: [201: S.ref("GameStartResponse"), 200: S.ref("GameStartResponse")],
            errors: [409]),
        game(
            "POST", "/mac_timer_start", "Game: sessions", "Start a timer from the Mac app",
            body: S.ref("GameTimerStartRequest"), ok: [201: S.ref("GameStartResponse")], errors: [409]),
        game(
            "POST", "/windows_timer_start", "Game: sessions", "Start a timer from the Windows app",
            body: S.ref("GameTimerStartRequest"), ok: [201: S.ref("GameStartResponse")], errors: [409]),
        game(
            "GET", "/get_presession/{session_id}", "Game: sessions", "The planned session's locked fields",
            ok: [200: S.ref("GamePresessionResponse")], errors: [404]),
        game(
            "POST", "/session/cancel", "Game: sessions",
            "Cancel with a reason (point of no return, partial credit); an unknown session_id is recorded",
            body: S.ref("GameCancelRequest"), ok: [201: S.ref("GameCancelResponse")], errors: [409]),
        game(
            "GET", "/pomodoro/{id}", "Game: sessions", "One session with the factors behind its score",
            ok: [200: S.ref("GameSessionDetail")], errors: [404]),
        game(
            "GET", "/focusing-now", "Game: sessions", "How many people focus right now", auth: .none,
            ok: [200: S.ref("FocusingNow")]),
    ]

    static let gameUsers: [APIOperation] = [
        game(
            "GET", "/user/data", "Game: users and teams", "Points, streaks, badges, preferences, session stats",
            ok: [200: S.ref("UserData")]),
        game(
            "PUT", "/user/preferences", "Game: users and teams", "Change preferences (ranges enforced)",
            body: S.ref("PreferencesRequest"), ok: [200: S.anyObject]),
        game(
            "GET", "/leaderboard", "Game: users and teams", "Users who opted in, ranked",
            query: [
                q("period", S.oneOf(["daily", "weekly", "monthly", "all_time"]), "Default daily"),
                q("metric", S.oneOf(["points", "sessions", "minutes"]), "Default points"),
                q("limit", S.range(1, 100), "Default 50"), q("include_rank", flag, "Default true"),
            ], ok: [200: S.ref("Leaderboard")]),
        game(
            "GET", "/projects", "Game: users and teams",
            "The caller's projects (Game shape); with an API key at /api/projects, Time Magic's list",
            query: [
                q("type", S.oneOf(["all", "personal", "team"]), "Default all"),
                q("sort", S.oneOf(["recent", "name", "sessions"]), "Default recent"),
                q("include_inactive", flag, "Default false"),
            ], ok: [200: ["anyOf": [S.ref("GameProjects"), S.array(S.ref("TMProject"))]]], errors: [402, 429],
            alsoErrors: [.timeMagic]),
        game(
            "GET", "/all-projects", "Game: users and teams", "Personal and team projects",
            query: [
                q("type", S.oneOf(["all", "personal", "team"]), "Default all"),
                q("sort", S.oneOf(["recent", "name", "sessions"]), "Default recent"),
                q("include_inactive", flag, "Default false"),
            ], ok: [200: S.ref("GameProjects")]),
        game(
            "GET", "/team-projects", "Game: users and teams", "Team projects of the caller's teams",
            ok: [200: S.record(["projects": S.array(S.ref("GameProject"))])]),
        game(
            "GET", "/team-projects/{id}", "Game: users and teams", "One team project (members only)",
            ok: [200: S.ref("GameTeamProject")], errors: [404]),
        game(
            "POST", "/team-projects", "Game: users and teams", "Create a team project (team admins)",
            body: S.ref("TeamProjectRequest"), ok: [201: S.ref("GameProject")], errors: [404]),
        game(
            "GET", "/team-projects/{id}/webhook", "Game: users and teams",
            "A team project's notification webhook (team admins; Pomo's addition)",
            ok: [200: S.ref("TeamProjectWebhook")], errors: [404]),
        game(
            "PUT", "/team-projects/{id}/webhook", "Game: users and teams",
            "Replace or remove (null) a team project's webhook (team admins; Pomo's addition)",
            body: S.ref("TeamProjectWebhookRequest"), ok: [200: S.ref("TeamProjectWebhook")], errors: [404]),
        game(
            "GET", "/teams", "Game: users and teams", "The caller's teams (every team, for the server admin)",
            ok: [200: S.ref("Teams")]),
        game(
            "POST", "/teams", "Game: users and teams", "Create a team (server admin)",
            body: S.ref("TeamCreateRequest"), ok: [201: S.ref("Team")], errors: [409]),
        game(
            "GET", "/teams/{slug}", "Game: users and teams",
            "A team with its members (its members and the server admin only)",
            ok: [200: S.ref("Team")],
            errors: [404]),
        game(
            "POST", "/teams/{slug}/members", "Game: users and teams", "Add a member or set a role (team admins)",
            body: S.ref("TeamMemberRequest"), ok: [201: S.ref("TeamMember")], errors: [404, 409]),
        game(
            "DELETE", "/teams/{slug}/members/{username}", "Game: users and teams",
            "Remove a member (team admins), or leave (the member); never the last admin",
            ok: [200: S.anyObject], errors: [404, 409]),
        game(
            "GET", "/analytics/tracking", "Game: users and teams", "Sessions by category and source",
            query: [q("last_hours", S.range(1, 8760), "Window in hours")], ok: [200: S.anyObject]),
        game(
            "GET", "/sync/status", "Game: users and teams", "Devices and sync state",
            query: [q("include_devices", flag, "Default true")], ok: [200: S.anyObject]),
    ]

    // MARK: - TaskWorks

    static let taskWorks: [APIOperation] = [
        taskWorks("GET", "/auth/me", "The caller", ok: [200: S.envelope(S.ref("Me"))]),
        taskWorks(
            "POST", "/auth/password",
            "Change the caller's password (the current one first); every session and token of the account ends",
            auth: .notApiKey,
            body: S.object(
                ["current_password": S.string, "new_password": S.string],
                required: ["current_password", "new_password"]),
            ok: [200: S.envelope(S.record(["changed": S.boolean, "api_keys_kept": S.integer]))]),
        taskWorks(
            "GET", "/auth/api-keys", "The caller's API keys (never the secrets)", auth: .notApiKey,
            ok: [200: S.envelope(S.array(S.ref("ApiKey")))]),
        taskWorks(
            "POST", "/auth/api-keys", "Create an API key; the token is shown only here", auth: .notApiKey,
            body: S.object(["name": S.string]), ok: [201: S.envelope(S.ref("ApiKey"))]),
        taskWorks(
            "DELETE", "/auth/api-keys", "Revoke a key named by `id` in the query or body", auth: .notApiKey,
            query: [q("id", S.string, "The key's id")], ok: [200: S.envelope(S.anyObject)], errors: [404]),
        taskWorks(
            "DELETE", "/auth/api-keys/{id}", "Revoke a key", auth: .notApiKey, ok: [200: S.envelope(S.anyObject)],
            errors: [404]),
        taskWorks(
            "POST", "/auth/api-keys/{id}/rotate", "Replace a key's secret", auth: .notApiKey,
            ok: [201: S.envelope(S.ref("ApiKey"))], errors: [404]),
        taskWorks(
            "GET", "/pomodoro", "The caller's running session, from any client, or null",
            ok: [200: S.envelope(S.nullable(S.ref("Pomodoro")))]),
        taskWorks(
            "POST", "/pomodoro", "Start a work session or a break", body: S.ref("PomodoroStartRequest"),
            ok: [201: S.envelope(S.ref("Pomodoro"))], errors: [404, 409]),
        taskWorks(
            "GET", "/pomodoro/history", "The caller's sessions, newest first, by cursor",
            query: [
                q("limit", S.range(1, 100), "Default 20"), q("cursor", S.string, "From the last page's nextCursor"),
                q("from", S.day, "First local day"), q("to", S.day, "Last local day"),
                q("status", S.string, "Comma-separated statuses"),
                q("session_type", S.string, "Comma-separated: work, short_break, long_break"),
            ], ok: [200: S.envelope(S.ref("PomodoroPage"))]),
        taskWorks(
            "POST", "/pomodoro/{id}/complete", "Complete a session", ok: [200: S.envelope(S.anyObject)],
            errors: [404, 409]),
        taskWorks(
            "DELETE", "/pomodoro/{id}/cancel", "Cancel a session", ok: [200: S.envelope(S.anyObject)],
            errors: [404, 409]),
        taskWorks(
            "POST", "/pomodoro/{id}/evaluation", "Rate a finished session",
            body: S.object(["rating": S.range(1, 5), "note": S.nullable(S.string)]),
            ok: [200: S.envelope(S.ref("Pomodoro"))], errors: [404, 409]),
        taskWorks(
            "GET", "/tasks/today", "Today's tasks with their counts", ok: [200: S.envelope(S.array(S.anyObject))]),
        taskWorks(
            "POST", "/tasks/{id}/execute", "Count one execution of a task today", ok: [200: S.envelope(S.anyObject)],
            errors: [404]),
        taskWorks(
            "GET", "/blocks/windows", "Time windows a site blocker should enforce", auth: .notApiKey,
            query: [
                q("date", S.day, "Local day"), q("tz", S.string, "IANA zone"), q("focus_only", flag, "Work only"),
                q("merge", flag, "Merge overlaps"), q("debug", flag, "Include sources"),
            ], ok: [200: ["anyOf": [S.array(S.anyObject), S.anyObject]]]),
        taskWorks(
            "GET", "/reports/summary", "Completed work by day, project or category", tag: "Pomo",
            query: [
                q("from", S.day, "Default 6 days before `to`"), q("to", S.day, "Default today"),
                q("by", S.oneOf(["day", "project", "category"]), "Default day"),
            ], ok: [200: S.envelope(S.ref("Report"))]),
        taskWorks(
            "GET", "/presence", "Everyone focusing now, and the caller's teammates", tag: "Pomo",
            ok: [200: S.envelope(S.ref("Presence"))]),
    ]

    // MARK: - Pomo's platform routes

    static let platform: [APIOperation] =
        [
            APIOperation(
                method: "POST", path: "/api/auth/session", group: .root(errors: .taskWorks), tag: "Pomo",
                summary: "Log in the web app: sets the HttpOnly session cookie", auth: .none,
                body: S.ref("HubLoginRequest"), success: [200: S.envelope(S.ref("Me"))],
                errors: [400, 401, 403, 413, 429]),
            APIOperation(
                method: "GET", path: "/api/auth/session", group: .root(errors: .taskWorks), tag: "Pomo",
                summary: "The web session's user", success: [200: S.envelope(S.ref("Me"))], errors: [401]),
            APIOperation(
                method: "DELETE", path: "/api/auth/session", group: .root(errors: .taskWorks), tag: "Pomo",
                summary: "Log out the web app", auth: .notApiKey,
                success: [200: S.envelope(S.record(["ended": S.boolean]))], errors: [401, 403]),
        ]
        + ["/api/admin", "/api/v1/admin"].flatMap { prefix in
            [
                APIOperation(
                    method: "GET", path: "\(prefix)/users", group: .root(errors: .taskWorks), tag: "Pomo",
                    summary: "All users (admin)", success: [200: S.envelope(S.array(S.ref("AdminUser")))],
                    errors: [401, 403]),
                APIOperation(
                    method: "POST", path: "\(prefix)/users", group: .root(errors: .taskWorks), tag: "Pomo",
                    summary: "Create a user (admin; works when registration is closed)",
                    body: S.ref("AdminUserRequest"), success: [201: S.envelope(S.ref("AdminUser"))],
                    errors: [400, 401, 403, 409, 413]),
                APIOperation(
                    method: "PUT", path: "\(prefix)/users/{username}/subscription", group: .root(errors: .taskWorks),
                    tag: "Pomo", summary: "Set when a user's subscription ends (admin)",
                    body: S.ref("SubscriptionRequest"), success: [200: S.envelope(S.ref("AdminUser"))],
                    errors: [400, 401, 403, 404, 413]),
                APIOperation(
                    method: "PUT", path: "\(prefix)/users/{username}/active", group: .root(errors: .taskWorks),
                    tag: "Pomo",
                    summary:
                        "Disable (false) or enable (true) an account (admin); disabling refuses its every credential",
                    body: S.object(["active": S.boolean], required: ["active"]),
                    success: [200: S.envelope(S.ref("AdminUser"))], errors: [400, 401, 403, 404, 413]),
            ]
        }

    // MARK: - Time Magic

    static let timeMagic: [APIOperation] = {
        let event = { (events: [String]) in [q("event", S.oneOf(events), "A workflow event; no body needed")] }
        let taskEvents = TaskEvent.allCases.map(\.rawValue)
        let activityEvents = ActivityEvent.allCases.map(\.rawValue)
        var all: [APIOperation] = [
            // At /api/projects the Game's list answers (see above); Time Magic's is also at /timemagic/api.
            timeMagic(
                "GET", "/projects", "The caller's projects", ok: [200: S.array(S.ref("TMProject"))],
                only: ["/timemagic/api"]),
            timeMagic(
                "POST", "/projects", "Create a project", body: S.ref("TMProjectWrite"),
                ok: [201: S.ref("TMProject")], errors: [422]),
            timeMagic("GET", "/projects/{id}", "One project", ok: [200: S.ref("TMProject")], errors: [404]),
            timeMagic(
                "DELETE", "/projects/{id}", "Delete a project, its tasks, entries and goals", ok: [204: .null],
                errors: [404]),
            timeMagic(
                "GET", "/projects/{id}/tasks", "A project's tasks", ok: [200: S.array(S.ref("TMTask"))], errors: [404]),
            timeMagic(
                "POST", "/projects/{id}/tasks", "Create a task", body: S.ref("TMTaskWrite"), ok: [201: S.ref("TMTask")],
                errors: [404, 422]),
            timeMagic("GET", "/tasks/tracking", "Tasks being tracked now", ok: [200: S.array(S.ref("TMTask"))]),
            timeMagic("GET", "/tasks/{id}", "One task", ok: [200: S.ref("TMTask")], errors: [404]),
            timeMagic("DELETE", "/tasks/{id}", "Delete a task", ok: [204: .null], errors: [404]),
            timeMagic("GET", "/activities", "The caller's activities", ok: [200: S.array(S.ref("TMActivity"))]),
            timeMagic(
                "POST", "/activities", "Create an activity", body: S.ref("TMActivityWrite"),
                ok: [201: S.ref("TMActivity")], errors: [422]),
            timeMagic("GET", "/activities/{id}", "One activity", ok: [200: S.ref("TMActivity")], errors: [404]),
            timeMagic("DELETE", "/activities/{id}", "Delete an activity", ok: [204: .null], errors: [404]),
            timeMagic(
                "GET", "/goals", "The caller's goals",
                query: [q("project_id", S.string, "Only this project's goals")], ok: [200: S.array(S.ref("TMGoal"))],
                errors: [404]),
            timeMagic(
                "POST", "/goals", "Create a goal (date moved to the Monday or the 1st)", body: S.ref("TMGoalWrite"),
                ok: [201: S.ref("TMGoal")], errors: [404, 422]),
            timeMagic("GET", "/goals/{id}", "One goal", ok: [200: S.ref("TMGoal")], errors: [404]),
            timeMagic("DELETE", "/goals/{id}", "Delete a goal", ok: [204: .null], errors: [404]),
            timeMagic("GET", "/time_entries", "The caller's time entries", ok: [200: S.array(S.ref("TMTimeEntry"))]),
            timeMagic(
                "POST", "/time_entries", "Create a time entry", body: S.ref("TMTimeEntryWrite"),
                ok: [201: S.ref("TMTimeEntry")], errors: [422]),
            timeMagic("GET", "/time_entries/{id}", "One time entry", ok: [200: S.ref("TMTimeEntry")], errors: [404]),
            timeMagic("DELETE", "/time_entries/{id}", "Delete a time entry", ok: [204: .null], errors: [404]),
        ]
        for method in ["PUT", "PATCH"] {
            all += [
                timeMagic(
                    method, "/projects/{id}", "Change a project", body: S.ref("TMProjectWrite"),
                    ok: [200: S.ref("TMProject")], errors: [404, 422]),
                timeMagic(
                    method, "/tasks/{id}", "Change a task, or apply `?event=` (then no body)",
                    query: event(taskEvents), body: S.ref("TMTaskWrite"), ok: [200: S.ref("TMTask")],
                    errors: [404, 422]),
                timeMagic(
                    method, "/activities/{id}", "Change an activity, or apply `?event=` (then no body)",
                    query: event(activityEvents), body: S.ref("TMActivityWrite"), ok: [200: S.ref("TMActivity")],
                    errors: [404, 422]),
                timeMagic(
                    method, "/goals/{id}", "Change a goal", body: S.ref("TMGoalWrite"), ok: [200: S.ref("TMGoal")],
                    errors: [404, 422]),
                timeMagic(
                    method, "/time_entries/{id}", "Change a time entry", body: S.ref("TMTimeEntryWrite"),
                    ok: [200: S.ref("TMTimeEntry")], errors: [404, 422]),
            ]
        }
        return all
    }()

    // MARK: - operations and the web app

    static let operationsAndWeb: [APIOperation] =
        [
            APIOperation(
                method: "GET", path: "/api/health", group: .root(errors: nil), tag: "Operations",
                summary: "Liveness and database reachability", auth: .none,
                success: [200: S.ref("Health"), 503: S.ref("Health")], errors: []),
            APIOperation(
                method: "GET", path: "/game/api/health", group: .root(errors: nil), tag: "Operations",
                summary: "The same, under the Game prefix", auth: .none,
                success: [200: S.ref("Health"), 503: S.ref("Health")], errors: []),
            APIOperation(
                method: "GET", path: "/metrics", group: .root(errors: nil), tag: "Operations",
                summary: "Prometheus metrics", auth: .none, success: [200: S.string], errors: [],
                contentType: "text/plain"),
            APIOperation(
                method: "GET", path: "/openapi.json", group: .root(errors: nil), tag: "Operations",
                summary: "This document", auth: .none, success: [200: S.anyObject], errors: []),
            APIOperation(
                method: "GET", path: "/docs/api", group: .root(errors: nil), tag: "Operations",
                summary: "This document as a web page", auth: .none, success: [200: S.string], errors: [],
                contentType: "text/html"),
            APIOperation(
                method: "GET", path: "/assets/{name}", group: .root(errors: .game), tag: "Web app",
                summary: "The web app's script, styles and icon", auth: .none, success: [200: S.string, 304: .null],
                errors: [404], contentType: "*/*"),
        ]
        + WebController.pages.map { page in
            APIOperation(
                method: "GET", path: page == "/" ? "/" : "/\(page)", group: .root(errors: nil), tag: "Web app",
                summary: "A page of the web app (the same shell; the script draws the page)", auth: .none,
                success: [200: S.string, 304: .null], errors: [], contentType: "text/html")
        }
}
