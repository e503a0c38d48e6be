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
            for path in [
                "/", "/login", "/signup", "/focus", "/dashboard", "/team", "/workspace", "/settings", "/reports",
                "/import",
            ] {
                let page = try await client.send(.get, path)
                #expect(page.status == .ok, "\(path)")
                #expect(page.headers[.contentType] == "text/html; charset=utf-8", "\(path)")
                #expect(page.body.contains(#"<script type="module" src="/assets/app.js"></script>"#), "\(path)")
                let policy = try #require(page.headers[HTTPField.Name("Content-Security-Policy")!], "\(path)")
                #expect(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'"))
                #expect(!policy.contains("unsafe-inline"))
                #expect(page.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            }
            #expect(try await client.send(.get, "/nowhere").status == .notFound)
            #expect(try await client.send(.get, "/focus/extra").status == .notFound)
        }
    }

    /// A browser at a mistyped address gets a page with a way home; an API client its JSON.
    @Test func aMistypedAddressIsAPageForABrowserAndJSONForAClient() async throws {
        try await TestApp.run(.sqlite) { client in
            let browser: HTTPFields = [.accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"]
            let page = try await client.send(.get, "/dashbord", headers: browser)
            #expect(page.status == .notFound && page.headers[.contentType] == "text/html; charset=utf-8", "\(page)")
            #expect(page.body.contains("Page not found") && page.body.contains(#"<a href="/">Go to Pomo</a>"#))
            #expect(page.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("script-src 'self'") == true)
            for (path, headers) in [("/dashbord", [.accept: "application/json"]), ("/api/v1/nope", browser)] {
                let json = try await client.send(.get, path, headers: headers)
                #expect(
                    json.status == .notFound && json.headers[.contentType]?.hasPrefix("application/json") == true,
                    "\(path)")
            }
        }
    }

    /// The script is ES modules with no build step: every module `app.js` imports, and those
    /// they import, is served as JavaScript.
    @Test func everyModuleTheAppImportsIsServed() async throws {
        try await TestApp.run(.sqlite) { client in
            var seen: Set<String> = []
            var queue = ["app.js"]
            while let name = queue.popLast() {
                guard seen.insert(name).inserted else { continue }
                let module = try await client.send(.get, "/assets/\(name)")
                #expect(module.status == .ok, "\(name)")
                #expect(module.headers[.contentType] == "text/javascript; charset=utf-8", "\(name)")
                for match in module.body.matches(of: /from '\.\/([a-z-]+\.js)'/) { queue.append(String(match.1)) }
            }
            #expect(seen.count >= 10, "\(seen.sorted())")
        }
    }

    /// The forms check what the server takes, read from `/assets/rules.json`, which the server
    /// writes from the core's constants; the sign-up form once allowed 3-50 characters without
    /// `.` while the server took 3-32 with `.`.
    @Test func theFormsRulesAreTheServersOwn() async throws {
        try await TestApp.run(.sqlite) { client in
            let reply = try await client.send(.get, "/assets/rules.json")
            #expect(reply.status == .ok)
            #expect(reply.headers[.contentType] == "application/json; charset=utf-8")
            let rules = reply.json
            let username = try #require(rules["username"] as? [String: Any])
            let length = try #require(username["minLength"] as? Int)...(try #require(username["maxLength"] as? Int))
            let pattern = try Regex("^(?:\(try #require(username["pattern"] as? String)))$")
            for name in [
                "ana", "a.b-c_d", "A9", "abc", "with space", "über", "a/b", "x+y", String(repeating: "a", count: 32),
                String(repeating: "a", count: 33), "semi;colon",
            ] {
                let formTakes = length.contains(name.count) && name.wholeMatch(of: pattern) != nil
                let serverTakes = (try? AccountRules.validate(username: name)) != nil
                #expect(formTakes == serverTakes, "\(name)")
            }
            let password = try #require(rules["password"] as? [String: Any])
            #expect(password["minLength"] as? Int == AccountRules.passwordMinLength)
            let preferences = try #require(rules["preferences"] as? [String: Any])
            let ranges = [
                "daily_goal": PreferenceRules.dailyGoal, "default_duration": PreferenceRules.defaultDuration,
                "short_break_duration": PreferenceRules.shortBreakDuration,
                "long_break_duration": PreferenceRules.longBreakDuration,
            ]
            for (name, range) in ranges {
                let given = try #require(preferences[name] as? [String: Any], "\(name)")
                #expect(given["min"] as? Int == range.lowerBound && given["max"] as? Int == range.upperBound, "\(name)")
            }
            #expect(preferences["focus_mode"] as? [String] == PreferenceRules.focusModes)
            let duration = try #require(rules["duration"] as? [String: Any])
            #expect(duration["max"] as? Int == Int(GameRules.durationRange.upperBound))
            #expect((rules["name"] as? [String: Any])?["maxLength"] as? Int == TextLimits.name)
            let keyName = (rules["apiKeyName"] as? [String: Any])?["maxLength"] as? Int
            #expect(keyName == AccountRules.apiKeyNameLength.upperBound)

            // And no module writes a length or range of its own.
            let own = /(minlength|maxlength|min|max): *[0-9]/
            for name in ["app.js", "page-login.js", "page-focus.js", "page-settings.js", "page-workspace.js"] {
                let module = try await client.send(.get, "/assets/\(name)")
                #expect(module.status == .ok)
                #expect(module.body.firstMatch(of: own) == nil, "\(name): \(module.body.firstMatch(of: own)?.0 ?? "")")
            }
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
                body: #"{"team": "core", "name": "Launch", "webhook_url": "http://127.0.0.1:9/a"}"#,
                headers: root)
            let id = try #require(created.json["id"] as? String, "\(created)")
            let path = "/api/team-projects/\(id)/webhook"

            let shown = try await client.send(.get, path, headers: root)
            #expect(shown.status == .ok, "\(shown)")
            #expect(shown.json["webhook_url"] as? String == "http://127.0.0.1:9/a")

            let replaced = try await client.send(
                .put, path, body: #"{"webhook_url": "http://127.0.0.1:9/b"}"#, headers: root)
            #expect(replaced.status == .ok, "\(replaced)")
            #expect(replaced.json["webhook_url"] as? String == "http://127.0.0.1:9/b")
            #expect(
                try await client.send(.get, path, headers: root).json["webhook_url"] as? String
                    == "http://127.0.0.1:9/b")

            let bad = try await client.send(.put, path, body: #"{"webhook_url": "ftp://x"}"#, headers: root)
            #expect(bad.status == .badRequest && bad.json["field"] as? String == "webhook_url", "\(bad)")
            let missing = try await client.send(.put, path, body: "{}", headers: root)
            #expect(missing.status == .badRequest, "\(missing)")
            #expect(
                try await client.send(.get, path, headers: root).json["webhook_url"] as? String
                    == "http://127.0.0.1:9/b", "a refused change keeps the stored URL")

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
