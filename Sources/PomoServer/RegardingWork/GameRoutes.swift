import HTTPTypes
import PomoCore
import PomoWire

/// The RegardingWork Game's routes and its Hub auth, at `/api` and `/game/api`.
enum GameRoutes {
    typealias S = APISchemas

    /// A Game route: a missing token is 403, a bad one 401; a body adds 400 and 413.
    static func game(
        _ method: HTTPRequest.Method, _ path: String, _ tag: String, _ summary: String, mount: Mount = .game,
        auth: APIAuth = .any, query: [any DocumentedQuery] = [], body: JSONValue? = nil, ok: [Int: JSONValue],
        errors: [Int] = [], only: [String]? = nil, alsoErrors: [Dialect] = [],
        _ handler: @escaping @Sendable (AppServices) -> Handler
    ) -> Endpoint {
        let query = query.map(\.parameter)
        return Endpoint(
            method: method, path: path, mount: mount, tag: tag, summary: summary, auth: auth, query: query,
            body: body, success: ok,
            errors: Endpoint.errors(auth: auth == .none ? [] : [401, 403], body: body, query: query, errors),
            only: only, alsoErrors: alsoErrors, handler: handler)
    }

    static let endpoints = auth + sessions + users + projects + teams

    static let auth: [Endpoint] = [
        game(
            .post, "/auth/register", "Game: auth", "Register (the first account becomes the admin)", mount: .gameAuth,
            auth: .none, body: S.ref("HubRegisterRequest"), ok: [201: S.ref("HubTokens")], errors: [403, 409, 429]
        ) { HubAuthController(services: $0).register },
        game(
            .post, "/auth/login", "Game: auth", "Log in with username or email", mount: .gameAuth, auth: .none,
            body: S.ref("HubLoginRequest"), ok: [200: S.ref("HubTokens")], errors: [401, 429]
        ) { HubAuthController(services: $0).login },
        game(
            .post, "/login", "Game: auth", "The Game's own login", mount: .gameAuth, auth: .none,
            body: S.ref("HubLoginRequest"), ok: [200: S.anyObject], errors: [401, 429]
        ) { HubAuthController(services: $0).login },
        game(
            .post, "/auth/refresh", "Game: auth", "Trade a refresh token for new tokens (rotates it)",
            mount: .gameAuth, auth: .none, body: S.object(["refresh_token": S.string], required: ["refresh_token"]),
            ok: [200: S.ref("HubTokens")], errors: [401]
        ) { HubAuthController(services: $0).refresh },
        game(
            .get, "/auth/validate", "Game: auth", "Check the bearer token", mount: .gameAuth,
            auth: .bearerInHandler, ok: [200: S.anyObject]
        ) { HubAuthController(services: $0).validate },
        game(
            .post, "/auth/validate", "Game: auth", "Check a token given in the body or header", mount: .gameAuth,
            auth: .none, body: S.object(["token": S.string]), ok: [200: S.anyObject], errors: [401]
        ) { HubAuthController(services: $0).validate },
        game(.post, "/auth/logout", "Game: auth", "Revoke the bearer token", mount: .gameAuth, ok: [200: S.anyObject]) {
            HubAuthController(services: $0).logout
        },
        game(
            .get, "/auth/me", "Game: auth", "The caller", mount: .gameAuth,
            ok: [200: S.record(["user": S.ref("HubUser")])]
        ) { HubAuthController(services: $0).me },
    ]

    static let sessions: [Endpoint] = [
        game(
            .post, "/pomodoro/submit", "Game: sessions",
            "Log a finished session; a replay of the same session_id and body answers 200 with duplicate: true",
            body: S.ref("GameSubmitRequest"), ok: [201: S.ref("GameSubmitResponse"), 200: S.ref("GameSubmitResponse")],
            errors: [409]
        ) { GameSessionController(services: $0).submit },
        game(
            .post, "/session/start", "Game: sessions", "Plan a session and start its timer (the plan locks)",
            body: S.ref("GamePlanRequest"), ok: [201: S.ref("GameStartResponse"), 200: S.ref("GameStartResponse")],
            errors: [409]
        ) { GameSessionController(services: $0).start },
        game(
            .post, "/mac_timer_start", "Game: sessions", "Start a timer from the Mac app",
            body: S.ref("GameTimerStartRequest"), ok: [201: S.ref("GameStartResponse")], errors: [409]
        ) { GameSessionController(services: $0).timerStart },
        game(
            .post, "/windows_timer_start", "Game: sessions", "Start a timer from the Windows app",
            body: S.ref("GameTimerStartRequest"), ok: [201: S.ref("GameStartResponse")], errors: [409]
        ) { GameSessionController(services: $0).timerStart },
        game(
            .get, "/get_presession/{session_id}", "Game: sessions", "The planned session's locked fields",
            ok: [200: S.ref("GamePresessionResponse")], errors: [404]
        ) { GameSessionController(services: $0).presession },
        game(
            .post, "/session/cancel", "Game: sessions",
            "Cancel with a reason (point of no return, partial credit); an unknown session_id is recorded",
            body: S.ref("GameCancelRequest"), ok: [201: S.ref("GameCancelResponse")], errors: [409]
        ) { GameSessionController(services: $0).cancel },
        game(
            .get, "/pomodoro/{id}", "Game: sessions", "One session with the factors behind its score",
            ok: [200: S.ref("GameSessionDetail")], errors: [404]
        ) { GameSessionController(services: $0).detail },
        game(
            .get, "/focusing-now", "Game: sessions", "How many people focus right now", auth: .none,
            ok: [200: S.ref("FocusingNow")]
        ) { GameSessionController(services: $0).focusingNow },
    ]

    static let users: [Endpoint] = [
        game(
            .get, "/user/data", "Game: users and teams", "Points, streaks, badges, preferences, session stats",
            ok: [200: S.ref("UserData")]
        ) { GameUserController(services: $0).data },
        game(
            .put, "/user/preferences", "Game: users and teams", "Change preferences (ranges enforced)",
            body: S.ref("PreferencesRequest"), ok: [200: S.anyObject]
        ) { GameUserController(services: $0).updatePreferences },
        game(
            .get, "/leaderboard", "Game: users and teams", "Users who opted in, ranked",
            query: LeaderboardController.query, ok: [200: S.ref("Leaderboard")]
        ) { LeaderboardController(services: $0).leaderboard },
        game(
            .get, "/analytics/tracking", "Game: users and teams", "Sessions by category and source",
            ok: [200: S.anyObject]
        ) { GameInsightsController(services: $0).tracking },
        game(
            .get, "/sync/status", "Game: users and teams", "Devices and sync state",
            query: GameInsightsController.syncQuery, ok: [200: S.anyObject]
        ) { GameInsightsController(services: $0).syncStatus },
    ]

    static let projects: [Endpoint] = [
        // `GET /api/projects` is both the Game's list and Time Magic's: the credential decides
        // (DESIGN.md). Under `/game/api` it is the Game's alone.
        game(
            .get, "/projects", "Game: users and teams",
            "The caller's projects (Game shape); with an API key, good or bad, Time Magic's list",
            query: GameProjectsController.query,
            ok: [200: ["anyOf": [S.ref("GameProjects"), S.array(S.ref("TMProject"))]]], errors: [402, 429],
            only: ["/api"], alsoErrors: [.timeMagic]
        ) { GameProjectsController(services: $0, sharedWithTimeMagic: true).projects },
        game(
            .get, "/projects", "Game: users and teams", "The caller's projects", query: GameProjectsController.query,
            ok: [200: S.ref("GameProjects")], only: ["/game/api"]
        ) { GameProjectsController(services: $0).projects },
        game(
            .get, "/all-projects", "Game: users and teams", "Personal and team projects",
            query: GameProjectsController.query, ok: [200: S.ref("GameProjects")]
        ) { GameProjectsController(services: $0).projects },
        game(
            .get, "/team-projects", "Game: users and teams", "Team projects of the caller's teams",
            ok: [200: S.record(["projects": S.array(S.ref("GameProject"))])]
        ) { GameProjectsController(services: $0).teamProjects },
        game(
            .get, "/team-projects/{id}", "Game: users and teams", "One team project (members only)",
            ok: [200: S.ref("GameTeamProject")], errors: [404]
        ) { GameProjectsController(services: $0).teamProject },
        game(
            .post, "/team-projects", "Game: users and teams", "Create a team project (team admins)",
            body: S.ref("TeamProjectRequest"), ok: [201: S.ref("GameProject")], errors: [404]
        ) { TeamsController(services: $0).createProject },
        game(
            .get, "/team-projects/{id}/webhook", "Game: users and teams",
            "A team project's notification webhook (team admins; Pomo's addition)",
            ok: [200: S.ref("TeamProjectWebhook")], errors: [404]
        ) { TeamsController(services: $0).webhook },
        game(
            .put, "/team-projects/{id}/webhook", "Game: users and teams",
            "Replace or remove (null) a team project's webhook (team admins; Pomo's addition)",
            body: S.ref("TeamProjectWebhookRequest"), ok: [200: S.ref("TeamProjectWebhook")], errors: [404]
        ) { TeamsController(services: $0).setWebhook },
    ]

    static let teams: [Endpoint] = [
        game(
            .get, "/teams", "Game: users and teams", "The caller's teams (every team, for the server admin)",
            ok: [200: S.ref("Teams")]
        ) { TeamsController(services: $0).list },
        game(
            .post, "/teams", "Game: users and teams", "Create a team (server admin)", body: S.ref("TeamCreateRequest"),
            ok: [201: S.ref("Team")], errors: [409]
        ) { TeamsController(services: $0).create },
        game(
            .get, "/teams/{slug}", "Game: users and teams",
            "A team with its members (its members and the server admin only)", ok: [200: S.ref("Team")],
            errors: [404]
        ) { TeamsController(services: $0).show },
        game(
            .post, "/teams/{slug}/members", "Game: users and teams", "Add a member or set a role (team admins)",
            body: S.ref("TeamMemberRequest"), ok: [201: S.ref("TeamMember")], errors: [404, 409]
        ) { TeamsController(services: $0).addMember },
        game(
            .delete, "/teams/{slug}/members/{username}", "Game: users and teams",
            "Remove a member (team admins), or leave (the member); never the last admin", ok: [200: S.anyObject],
            errors: [404, 409]
        ) { TeamsController(services: $0).removeMember },
    ]
}
