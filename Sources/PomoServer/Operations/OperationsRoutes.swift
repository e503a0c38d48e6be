import HTTPTypes
import PomoCore
import PomoWire

/// Health, metrics, the API's description, and the web app: each at exactly one path.
enum OperationsRoutes {
    typealias S = APISchemas

    static func root(
        _ path: String, _ tag: String, _ summary: String, mount: Mount = .operations, ok: [Int: JSONValue],
        errors: [Int] = [], contentType: String = "application/json",
        _ handler: @escaping @Sendable (AppServices) -> Handler
    ) -> Endpoint {
        Endpoint(
            method: .get, path: path, mount: mount, tag: tag, summary: summary, auth: .none, success: ok,
            errors: errors, contentType: contentType, handler: handler)
    }

    static let endpoints: [Endpoint] =
        [
            root(
                "/api/health", "Operations", "Liveness and database reachability",
                ok: [200: S.ref("Health"), 503: S.ref("Health")]
            ) { OperationsController(services: $0).health },
            root(
                "/game/api/health", "Operations", "The same, under the Game prefix",
                ok: [200: S.ref("Health"), 503: S.ref("Health")]
            ) { OperationsController(services: $0).health },
            root("/metrics", "Operations", "Prometheus metrics", ok: [200: S.string], contentType: "text/plain") {
                OperationsController(services: $0).metrics
            },
            root("/openapi.json", "Operations", "This document", ok: [200: S.anyObject]) { _ in
                APIDocsController.shared.document
            },
            root(
                "/docs/api", "Operations", "This document as a web page", ok: [200: S.string], contentType: "text/html"
            ) { _ in APIDocsController.shared.docs },
            root(
                "/assets/{name}", "Web app", "The web app's script, styles and icon", mount: .web,
                ok: [200: S.string, 304: .null], errors: [404], contentType: "*/*"
            ) { _ in WebController(assets: .bundled).asset },
        ]
        + WebController.pages.map { page in
            root(
                page, "Web app", "A page of the web app (the same shell; the script draws the page)", mount: .web,
                ok: [200: S.string, 304: .null], contentType: "text/html"
            ) { _ in WebController(assets: .bundled).shell }
        }
}
