import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoTestSupport
import Testing

/// What pomod serves for the web app. The pages themselves are tested in a real Chromium by
/// scripts/web-test.sh (Tests/WebApp/webapp_test.py).
@Suite struct WebAppTests {
    @Test func everyPageIsTheShellWithAStrictContentPolicy() async throws {
        try await TestApp.run(.sqlite) { client in
            for path in ["/", "/login", "/signup", "/focus", "/dashboard", "/team", "/workspace", "/settings"] {
                let page = try await client.send(.get, path)
                #expect(page.status == .ok, "\(path)")
                #expect(page.headers[.contentType] == "text/html; charset=utf-8", "\(path)")
                #expect(page.body.contains(#"<script src="/assets/app.js" defer></script>"#), "\(path)")
                let policy = try #require(page.headers[HTTPField.Name("Content-Security-Policy")!], "\(path)")
                #expect(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'"))
                #expect(!policy.contains("unsafe-inline"))
                #expect(page.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            }
            #expect(try await client.send(.get, "/nowhere").status == .notFound)
            #expect(try await client.send(.get, "/focus/extra").status == .notFound)
        }
    }

    @Test func assetsHaveTheirTypesAndRevalidateByETag() async throws {
        try await TestApp.run(.sqlite) { client in
            let types = [
                "app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8",
                "icon.svg": "image/svg+xml",
            ]
            for (name, type) in types {
                let asset = try await client.send(.get, "/assets/\(name)")
                #expect(asset.status == .ok, "\(name)")
                #expect(asset.headers[.contentType] == type)
                let etag = try #require(asset.headers[.eTag])
                let again = try await client.send(.get, "/assets/\(name)", headers: [.ifNoneMatch: etag])
                #expect(again.status == .notModified, "\(name)")
                #expect(again.body.isEmpty)
            }
            // The script calls only this origin's API and loads nothing from elsewhere.
            let script = try await client.send(.get, "/assets/app.js").body
            #expect(script.range(of: #"(fetch|api)\(['"`][a-z]+:"#, options: .regularExpression) == nil)
            #expect(script.range(of: #"(src|href): ['"`]https?:"#, options: .regularExpression) == nil)
            for missing in ["/assets/nope.js", "/assets/index.html", "/assets/..%2FPackage.swift"] {
                #expect(try await client.send(.get, missing).status == .notFound, "\(missing)")
            }
        }
    }

    /// The settings page's webhook form: a team admin reads and replaces a team project's webhook
    /// URL; a member gets 403, anyone else 404, and a bad URL 400 naming the field.
    @Test(arguments: TestBackend.available)
    func teamAdminsManageTheWebhookOfATeamProject(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let root = bearer(try await client.accessToken("root"))
            let ana = bearer(try await client.accessToken("ana"))
            let carl = bearer(try await client.accessToken("carl"))
            _ = try await client.send(.post, "/api/teams", body: #"{"name": "Core", "slug": "core"}"#, headers: root)
            _ = try await client.send(.post, "/api/teams/core/members", body: #"{"username": "ana"}"#, headers: root)
            let created = try await client.send(
                .post, "/api/team-projects",
                body: #"{"team": "core", "name": "Launch", "webhook_url": "https://hooks.example.com/a"}"#,
                headers: root)
            let id = try #require(created.json["id"] as? String, "\(created)")
            let path = "/api/team-projects/\(id)/webhook"

            let shown = try await client.send(.get, path, headers: root)
            #expect(shown.status == .ok, "\(shown)")
            #expect(shown.json["webhook_url"] as? String == "https://hooks.example.com/a")

            let replaced = try await client.send(
                .put, path, body: #"{"webhook_url": "https://hooks.example.com/b"}"#, headers: root)
            #expect(replaced.status == .ok, "\(replaced)")
            #expect(replaced.json["webhook_url"] as? String == "https://hooks.example.com/b")
            #expect(
                try await client.send(.get, path, headers: root).json["webhook_url"] as? String
                    == "https://hooks.example.com/b")

            let bad = try await client.send(.put, path, body: #"{"webhook_url": "ftp://x"}"#, headers: root)
            #expect(bad.status == .badRequest && bad.json["field"] as? String == "webhook_url", "\(bad)")
            let missing = try await client.send(.put, path, body: "{}", headers: root)
            #expect(missing.status == .badRequest, "\(missing)")
            #expect(
                try await client.send(.get, path, headers: root).json["webhook_url"] as? String
                    == "https://hooks.example.com/b", "a refused change keeps the stored URL")

            // A member may not see or change it; a stranger learns nothing; no credentials: 403 (Game).
            #expect(try await client.send(.get, path, headers: ana).status == .forbidden)
            #expect(
                try await client.send(.put, path, body: #"{"webhook_url": null}"#, headers: ana).status
                    == .forbidden)
            let stranger = try await client.send(.get, path, headers: carl)
            let unknown = try await client.send(.get, "/api/team-projects/team_999/webhook", headers: carl)
            #expect(stranger.status == .notFound && unknown.status == .notFound)
            #expect(stranger.body == unknown.body)
            #expect(try await client.send(.get, path).status == .forbidden)

            let removed = try await client.send(.put, path, body: #"{"webhook_url": null}"#, headers: root)
            #expect(removed.status == .ok && removed.json["webhook_url"] is NSNull, "\(removed)")
        }
    }
}
