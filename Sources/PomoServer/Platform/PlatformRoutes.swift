import HTTPTypes
import PomoCore
import PomoWire

/// Pomo's own routes outside the dialects: the web app's session and administration, in
/// TaskWorks' conventions. (Reports and presence live under TaskWorks' prefix: `TaskWorksRoutes`.)
enum PlatformRoutes {
    typealias S = APISchemas

    static func platform(
        _ method: HTTPRequest.Method, _ path: String, _ summary: String, mount: Mount, auth: APIAuth = .any,
        body: JSONValue? = nil, ok: [Int: JSONValue], errors: [Int],
        _ handler: @escaping @Sendable (AppServices) -> Handler
    ) -> Endpoint {
        Endpoint(
            method: method, path: path, mount: mount, tag: "Pomo", summary: summary, auth: auth, body: body,
            success: ok, errors: Endpoint.errors(auth: [], body: body, query: [], errors), handler: handler)
    }

    static let endpoints = webSession + admin

    static let webSession: [Endpoint] = [
        platform(
            .post, "/session", "Log in the web app: sets the HttpOnly session cookie", mount: .webSession,
            auth: .none, body: S.ref("HubLoginRequest"), ok: [200: S.envelope(S.ref("Me"))], errors: [401, 403, 429]
        ) { WebSessionController(services: $0).create },
        platform(
            .get, "/session", "The web session's user", mount: .webSession, ok: [200: S.envelope(S.ref("Me"))],
            errors: [401]
        ) { WebSessionController(services: $0).current },
        platform(
            .delete, "/session", "Log out the web app (the session cookie only)", mount: .webSession,
            auth: .cookieOnly, ok: [200: S.envelope(S.record(["ended": S.boolean]))], errors: [401, 403]
        ) { WebSessionController(services: $0).end },
    ]

    static let admin: [Endpoint] = [
        platform(
            .get, "/users", "All users (admin)", mount: .admin, ok: [200: S.envelope(S.array(S.ref("AdminUser")))],
            errors: [401, 403]
        ) { AdminController(services: $0).list },
        platform(
            .post, "/users", "Create a user (admin; works when registration is closed)", mount: .admin,
            body: S.ref("AdminUserRequest"), ok: [201: S.envelope(S.ref("AdminUser"))], errors: [401, 403, 409]
        ) { AdminController(services: $0).create },
        platform(
            .put, "/users/{username}/subscription", "Set when a user's subscription ends (admin)", mount: .admin,
            body: S.ref("SubscriptionRequest"), ok: [200: S.envelope(S.ref("AdminUser"))], errors: [401, 403, 404]
        ) { AdminController(services: $0).setSubscription },
        platform(
            .put, "/users/{username}/active",
            "Disable (false) or enable (true) an account (admin); disabling refuses its every credential; not the "
                + "caller's own (409)",
            mount: .admin, body: S.object(["active": S.boolean], required: ["active"]),
            ok: [200: S.envelope(S.ref("AdminUser"))], errors: [401, 403, 404, 409]
        ) { AdminController(services: $0).setActive },
    ]
}
