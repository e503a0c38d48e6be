import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PomoCore
import PomoStore
import PomoTestSupport
import Synchronization
import Testing

@testable import PomoServer

/// A webhook receiver on loopback: records every POST, answers 500 while told to fail, and checks
/// each signature the way the README tells users to.
final class HookReceiver: Sendable {
    struct Post: Sendable {
        var delivery: String
        var event: String
        var signature: String
        var body: String
        var status: Int
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:] }
    }

    let posts = Mutex<[Post]>([])
    private let failuresLeft = Mutex(0)

    func fail(next count: Int) { failuresLeft.withLock { $0 = count } }

    func application() -> some ApplicationProtocol {
        let router = Router()
        router.post("hook") { request, _ -> HTTPResponse.Status in
            let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
            let failing = self.failuresLeft.withLock { left in
                defer { left = max(0, left - 1) }
                return left > 0
            }
            let status: HTTPResponse.Status = failing ? .internalServerError : .noContent
            let headers = request.headers
            self.posts.withLock {
                $0.append(
                    Post(
                        delivery: headers[HTTPField.Name("Pomo-Delivery")!] ?? "",
                        event: headers[HTTPField.Name("Pomo-Event")!] ?? "",
                        signature: headers[HTTPField.Name("Pomo-Signature")!] ?? "", body: body, status: status.code))
            }
            return status
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    var delivered: [Post] { posts.withLock { $0.filter { $0.status < 300 } } }

    /// Waits (at most 15 s) until `count` posts were answered with success.
    func waitForDelivered(_ count: Int) async throws -> [Post] {
        for _ in 0..<300 {
            let now = delivered
            if now.count >= count { return now }
            try await Task.sleep(for: .milliseconds(50))
        }
        return delivered
    }

    /// `t=<seconds>,v1=<hex>`, v1 the HMAC-SHA256 of "<t>.<body>" under the secret.
    static func verify(_ post: Post, secret: String) -> Bool {
        let parts = Dictionary(
            uniqueKeysWithValues: post.signature.split(separator: ",").compactMap { part -> (String, String)? in
                let pair = part.split(separator: "=", maxSplits: 1)
                return pair.count == 2 ? (String(pair[0]), String(pair[1])) : nil
            })
        guard let t = parts["t"], let v1 = parts["v1"], let seconds = Int(t),
            abs(Date().timeIntervalSince1970 - Double(seconds)) < 300
        else { return false }
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("\(t).\(post.body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined() == v1
    }
}

@Suite struct WebhookTests {
    /// Polls a webhook's deliveries until `done` holds (at most 15 s).
    static func deliveries(
        _ client: any TestClientProtocol, _ id: String, _ auth: HTTPFields,
        until done: ([[String: Any]]) -> Bool = { _ in true }
    ) async throws -> [[String: Any]] {
        var items: [[String: Any]] = []
        for _ in 0..<300 {
            let reply = try await client.send(.get, "/api/v1/webhooks/\(id)/deliveries?limit=100", headers: auth)
            items = reply.data["items"] as? [[String: Any]] ?? []
            if done(items) { return items }
            try await Task.sleep(for: .milliseconds(50))
        }
        return items
    }

    static func session(_ client: any TestClientProtocol, _ auth: HTTPFields, cancel: Bool = false) async throws
        -> String
    {
        let started = try await client.send(
            .post, "/api/v1/pomodoro", body: #"{"duration_minutes": 25}"#, headers: auth)
        let id = try #require(started.data["id"] as? String, "\(started)")
        let end =
            cancel
            ? try await client.send(.delete, "/api/v1/pomodoro/\(id)/cancel", headers: auth)
            : try await client.send(.post, "/api/v1/pomodoro/\(id)/complete", headers: auth)
        #expect(end.status == .ok, "\(end)")
        return try #require(started.data["uuid"] as? String ?? started.data["session_id"] as? String ?? id)
    }

    @Test(arguments: TestBackend.available)
    func aSignedWebhookGetsItsKindsIsRetriedAndRedelivers(_ backend: TestBackend) async throws {
        let receiver = HookReceiver()
        try await receiver.application().test(.live) { hook in
            let url = "http://127.0.0.1:\(try #require(hook.port))/hook"
            let clock = ManualClock(Date())
            try await TestApp.run(backend, clock: clock) { client in
                let auth = bearer(try await client.accessToken("ana"))
                let created = try await client.send(
                    .post, "/api/v1/webhooks", body: #"{"url": "\#(url)", "events": ["session.*"]}"#, headers: auth)
                #expect(created.status == .created, "\(created)")
                let id = try #require(created.data["id"] as? String)
                let secret = try #require(created.data["secret"] as? String)
                #expect(secret.hasPrefix("whsec_") && secret.count > 40)
                let listed = try await client.send(.get, "/api/v1/webhooks", headers: auth)
                let shown = try #require((listed.json["data"] as? [[String: Any]])?.first)
                #expect(shown["id"] as? String == id && shown["secret"] == nil, "the secret is shown once: \(listed)")

                // A session's changes are asked for; a change of preferences is not.
                #expect(
                    try await client.send(
                        .put, "/api/user/preferences", body: #"{"work_duration": 30}"#, headers: auth
                    ).status == .ok)
                _ = try await Self.session(client, auth)
                var posts = try await receiver.waitForDelivered(2)
                #expect(posts.map(\.event) == ["session.started", "session.completed"], "\(posts.map(\.body))")
                for post in posts {
                    #expect(HookReceiver.verify(post, secret: secret), "signature of \(post.body)")
                    #expect(post.json["kind"] as? String == post.event)
                    #expect(post.json["entity_type"] as? String == "session" && post.json["cursor"] is String)
                }
                #expect(!HookReceiver.verify(posts[0], secret: secret + "x"))
                #expect(Set(posts.map(\.delivery)).count == 2)

                // The receiver fails twice: both deliveries wait, and go through when due again.
                receiver.fail(next: 2)
                _ = try await Self.session(client, auth, cancel: true)
                let waiting = try await Self.deliveries(client, id, auth) { items in
                    items.filter { $0["attempts"] as? Int == 1 && $0["status"] as? String == "pending" }.count == 2
                }
                let failed = waiting.filter { $0["status"] as? String == "pending" }
                #expect(failed.count == 2, "\(waiting)")
                #expect(failed.allSatisfy { $0["response_code"] as? Int == 500 }, "\(failed)")
                #expect(failed.allSatisfy { $0["error"] as? String == "127.0.0.1 answered 500" }, "\(failed)")
                try await Task.sleep(for: .milliseconds(1500))
                #expect(receiver.delivered.count == 2, "not retried before it is due")
                clock.advance(by: WebhookRules.retryDelays[0] + 1)
                posts = try await receiver.waitForDelivered(4)
                #expect(posts.suffix(2).map(\.event) == ["session.started", "session.cancelled"])
                let all = try await Self.deliveries(client, id, auth) { items in
                    items.count == 4 && items.allSatisfy { $0["status"] as? String == "delivered" }
                }
                #expect(all.map { $0["attempts"] as? Int } == [2, 2, 1, 1], "\(all)")
                #expect(all.allSatisfy { $0["response_code"] as? Int == 204 })

                // A redelivery posts the same body under a new delivery id.
                let first = try #require(all.last?["id"] as? String)
                let again = try await client.send(
                    .post, "/api/v1/webhooks/\(id)/deliveries/\(first)/redeliver", headers: auth)
                #expect(again.status == .accepted && again.data["redelivery_of"] as? String == first, "\(again)")
                posts = try await receiver.waitForDelivered(5)
                #expect(posts.last?.body == posts.first?.body && posts.last?.delivery != posts.first?.delivery)
                #expect(HookReceiver.verify(try #require(posts.last), secret: secret))

                // Paged newest first.
                let page = try await client.send(.get, "/api/v1/webhooks/\(id)/deliveries?limit=2", headers: auth)
                #expect(page.data["hasMore"] as? Bool == true)
                let cursor = try #require(page.data["nextCursor"] as? String)
                let rest = try await client.send(
                    .get, "/api/v1/webhooks/\(id)/deliveries?limit=10&cursor=\(cursor)", headers: auth)
                #expect((rest.data["items"] as? [Any])?.count == 3 && rest.data["hasMore"] as? Bool == false)

                // Someone else's webhook does not exist for them.
                let bob = bearer(try await client.accessToken("bob"))
                #expect(try await client.send(.get, "/api/v1/webhooks/\(id)", headers: bob).status == .notFound)
                #expect(
                    try await client.send(
                        .post, "/api/v1/webhooks/\(id)/deliveries/\(first)/redeliver", headers: bob
                    ).status == .notFound)
                #expect(try await client.send(.delete, "/api/v1/webhooks/\(id)", headers: bob).status == .notFound)
                #expect(try await client.send(.delete, "/api/v1/webhooks/\(id)", headers: auth).status == .ok)
                #expect(try await client.send(.get, "/api/v1/webhooks/\(id)", headers: auth).status == .notFound)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aWebhookThatKeepsFailingIsDisabledWithTheReason(_ backend: TestBackend) async throws {
        let receiver = HookReceiver()
        receiver.fail(next: 1000)
        try await receiver.application().test(.live) { hook in
            let url = "http://127.0.0.1:\(try #require(hook.port))/hook"
            let clock = ManualClock(Date())
            try await TestApp.run(backend, clock: clock) { client in
                let auth = bearer(try await client.accessToken("ana"))
                let created = try await client.send(
                    .post, "/api/v1/webhooks", body: #"{"url": "\#(url)", "events": ["session.started"]}"#,
                    headers: auth)
                let id = try #require(created.data["id"] as? String, "\(created)")
                _ = try await Self.session(client, auth)
                for attempt in 1...WebhookRules.retryDelays.count {
                    let items = try await Self.deliveries(client, id, auth) { $0.first?["attempts"] as? Int == attempt }
                    #expect(items.count == 1 && items.first?["status"] as? String == "pending", "\(items)")
                    clock.advance(by: WebhookRules.retryDelays[attempt - 1] + 1)
                }
                let last = try await Self.deliveries(client, id, auth) { $0.first?["status"] as? String == "failed" }
                #expect(last.first?["attempts"] as? Int == WebhookRules.retryDelays.count + 1, "\(last)")
                let disabled = try await client.send(.get, "/api/v1/webhooks/\(id)", headers: auth)
                #expect(disabled.data["active"] as? Bool == false, "\(disabled)")
                let reason = try #require(disabled.data["disabled_reason"] as? String)
                #expect(reason.contains("failed 8 times") && reason.contains("127.0.0.1 answered 500"), "\(reason)")

                // Disabled, it is given nothing new; enabled again, its reason goes.
                _ = try await Self.session(client, auth)
                try await Task.sleep(for: .milliseconds(1500))
                #expect(try await Self.deliveries(client, id, auth).count == 1)
                let enabled = try await client.send(
                    .patch, "/api/v1/webhooks/\(id)", body: #"{"active": true}"#, headers: auth)
                #expect(
                    enabled.data["active"] as? Bool == true && enabled.data["disabled_reason"] is NSNull, "\(enabled)")
                #expect(receiver.posts.withLock { $0.count } == WebhookRules.retryDelays.count + 1)
            }
        }
    }

    /// Nothing here connects anywhere: every URL is refused before a connection, by its literal
    /// address or by /etc/hosts (`localhost`).
    @Test(arguments: TestBackend.available)
    func refusedAddressesAreRefusedWhenAWebhookIsMadeOrChanged(_ backend: TestBackend) async throws {
        try await TestApp.run(
            backend,
            configure: {
                $0.webhookAllowPrivate = false
                $0.webhookHosts = []
            }
        ) { client in
            let auth = bearer(try await client.accessToken("root"))
            for url in [
                "http://127.0.0.1:9/x", "http://localhost:9/x", "http://10.1.2.3/", "http://172.16.0.1/",
                "http://192.168.0.10/", "http://169.254.169.254/latest/meta-data/", "http://[::1]:9/",
                "http://[fe80::1]/", "http://[fd00:ec2::254]/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0:9/",
                "http://100.64.0.1/", "http://2130706433/",
            ] {
                let refused = try await client.send(
                    .post, "/api/v1/webhooks", body: #"{"url": "\#(url)", "events": ["*"]}"#, headers: auth)
                #expect(refused.status == .unprocessableContent, "\(url): \(refused)")
                #expect(refused.json["error"] as? String == "unprocessable_entity", "\(refused)")
                #expect((refused.json["context"] as? [String: Any])?["field"] as? String == "url", "\(refused)")
            }
            for (body, field) in [
                (#"{"url": "ftp://example.org/", "events": ["*"]}"#, "url"),
                (#"{"url": "http://user:pw@203.0.113.9/", "events": ["*"]}"#, "url"),
                (#"{"url": "http://203.0.113.9/", "events": []}"#, "events"),
                (#"{"url": "http://203.0.113.9/", "events": ["session.exploded"]}"#, "events"),
            ] {
                let bad = try await client.send(.post, "/api/v1/webhooks", body: body, headers: auth)
                #expect(bad.status == .badRequest, "\(body): \(bad)")
                #expect((bad.json["context"] as? [String: Any])?["field"] as? String == field, "\(bad)")
            }
            // A public address is taken (and never posted to: nothing here changes).
            let taken = try await client.send(
                .post, "/api/v1/webhooks", body: #"{"url": "http://203.0.113.9/", "events": ["*"]}"#, headers: auth)
            #expect(taken.status == .created, "\(taken)")
            let id = try #require(taken.data["id"] as? String)
            let changed = try await client.send(
                .patch, "/api/v1/webhooks/\(id)", body: #"{"url": "http://127.0.0.1:9/"}"#, headers: auth)
            #expect(changed.status == .unprocessableContent, "\(changed)")
            #expect(try await client.send(.delete, "/api/v1/webhooks/\(id)", headers: auth).status == .ok)

            // A team project's Slack-compatible webhook follows the same rule, in the Game's shape.
            _ = try await client.send(.post, "/api/teams", body: #"{"name": "Web", "slug": "web"}"#, headers: auth)
            let team = try await client.send(
                .post, "/api/team-projects",
                body: #"{"team": "web", "name": "Site", "webhook_url": "http://localhost:9/hook"}"#, headers: auth)
            #expect(team.status == .badRequest && team.json["field"] as? String == "webhook_url", "\(team)")
        }
        // POMO_WEBHOOK_HOSTS: any other host is refused before its name is even looked up.
        try await TestApp.run(backend) { client in
            let auth = bearer(try await client.accessToken("root"))
            let refused = try await client.send(
                .post, "/api/v1/webhooks", body: #"{"url": "https://hooks.invalid/x", "events": ["*"]}"#,
                headers: auth)
            #expect(refused.status == .unprocessableContent, "\(refused)")
            #expect((refused.json["message"] as? String)?.contains("POMO_WEBHOOK_HOSTS") == true, "\(refused)")
        }
    }

    /// The rule is applied again before each delivery: a webhook stored when its address was
    /// allowed, delivered when it no longer is, fails with the reason and reaches nobody.
    @Test(arguments: TestBackend.available)
    func anAddressRefusedAtDeliveryIsAFailedDeliveryWithTheReason(_ backend: TestBackend) async throws {
        let receiver = HookReceiver()
        try await receiver.application().test(.live) { hook in
            let url = "http://127.0.0.1:\(try #require(hook.port))/hook"
            try await TestApp.runWithDatabase(
                backend,
                configure: {
                    $0.webhookAllowPrivate = false
                    $0.webhookHosts = []
                }
            ) { client, database in
                let auth = bearer(try await client.accessToken("ana"))
                let me = try await client.send(.get, "/api/v1/auth/me", headers: auth)
                let userId = try #require(me.data["id"] as? Int ?? (me.data["id"] as? String).flatMap { Int($0) })
                let stored = try await SQLWebhookStore(database: database).create(
                    userId: Int64(userId), url: url, events: ["*"], active: true, secret: "whsec_test",
                    at: Date(timeIntervalSince1970: 0))
                _ = try await Self.session(client, auth)
                let items = try await Self.deliveries(client, stored.uuid, auth) { items in
                    items.count == 2 && items.allSatisfy { $0["attempts"] as? Int == 1 }
                }
                #expect(items.count == 2, "\(items)")
                for item in items {
                    #expect(
                        item["error"] as? String == "127.0.0.1 resolves to 127.0.0.1, a loopback address", "\(item)")
                    #expect(item["response_code"] is NSNull)
                }
                #expect(receiver.posts.withLock { $0.isEmpty })
            }
        }
    }

    /// Two pomods on one PostgreSQL database: each change reaches the webhook once, whichever
    /// instance committed it; a delivery that failed is sent by a pomod started after both stopped.
    @Test(.enabled(if: TestBackend.available.contains(.postgres)))
    func twoInstancesDeliverEachChangeOnceAndARetryOutlivesARestart() async throws {
        let receiver = HookReceiver()
        try await receiver.application().test(.live) { hook in
            let url = "http://127.0.0.1:\(try #require(hook.port))/hook"
            var env = [
                "POMO_DATABASE_URL": try await TestDatabases.createPostgresDatabase(), "POMO_BCRYPT_COST": "4",
                "POMO_JWT_SECRET": String(repeating: "cd", count: 24), "POMO_WEBHOOK_ALLOW_PRIVATE": "true",
                "POMO_WEBHOOK_HOSTS": "127.0.0.1",
            ]
            env["POMO_DATA_DIR"] = try TestDatabases.temporaryDirectory()
            let one = try await ServerProcess(env: env)
            env["POMO_DATA_DIR"] = try TestDatabases.temporaryDirectory()
            let two = try await ServerProcess(env: env)
            let instances = [one, two].map { CrashSafetyTests.HTTP(base: "http://127.0.0.1:\($0.port)") }
            let registered = try #require(
                await instances[1].send(
                    "POST", "/api/auth/register", auth: "",
                    body: #"{"username": "ana", "email": "ana@example.com", "password": "password-123"}"#))
            let token = try #require(registered.1["access_token"] as? String)
            let created = try #require(
                await instances[0].send(
                    "POST", "/api/v1/webhooks", auth: token, body: #"{"url": "\#(url)", "events": ["session.*"]}"#))
            #expect(created.0 == 201, "\(created)")
            let secret = try #require((created.1["data"] as? [String: Any])?["secret"] as? String)
            for round in 0..<10 {
                let http = instances[round % 2]
                let started = await http.send(
                    "POST", "/api/v1/pomodoro", auth: token, body: #"{"duration_minutes": 25}"#)
                let id = try #require(
                    (started?.1["data"] as? [String: Any])?["id"] as? String, "\(String(describing: started))")
                #expect(
                    await instances[1 - round % 2].send("POST", "/api/v1/pomodoro/\(id)/complete", auth: token)?.0
                        == 200)
            }
            _ = try await receiver.waitForDelivered(20)
            try await Task.sleep(for: .seconds(2))
            let posts = receiver.delivered
            #expect(posts.count == 20, "\(posts.map(\.body))")
            #expect(Set(posts.compactMap { $0.json["cursor"] as? String }).count == 20)
            #expect(posts.allSatisfy { HookReceiver.verify($0, secret: secret) })

            // The receiver is down; the delivery waits in the database while no pomod runs.
            receiver.fail(next: 1000)
            _ = await instances[0].send("POST", "/api/v1/pomodoro", auth: token, body: #"{"duration_minutes": 25}"#)
            for _ in 0..<200 where receiver.posts.withLock({ $0.count }) == 20 {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(try await one.stop() == 0)
            #expect(try await two.stop() == 0)
            let failedAttempts = receiver.posts.withLock { $0.count } - 20
            #expect(failedAttempts == 1)
            receiver.fail(next: 0)
            env["POMO_DATA_DIR"] = try TestDatabases.temporaryDirectory()
            let three = try await ServerProcess(env: env)
            // Due again 10 s after the failed attempt.
            for _ in 0..<400 where receiver.delivered.count == 20 { try await Task.sleep(for: .milliseconds(50)) }
            #expect(receiver.delivered.last?.event == "session.started", "\(receiver.delivered.count)")
            #expect(receiver.delivered.count == 21)
            #expect(try await three.stop() == 0)
        }
    }
}
