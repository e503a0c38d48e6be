import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoServer
import PomoTestSupport
import Testing

@Suite struct LoginThrottleTests {
    /// Behind a proxy of ours at 10.9.9.9, which appends the address it saw.
    static func proxied(_ config: inout PomoConfig) {
        config.trustForwardedFor = true
        config.trustedProxies = ["127.0.0.1", "::1", "10.9.9.9"]
    }

    static func login(_ client: any TestClientProtocol, _ username: String, _ password: String, from address: String)
        async throws -> Reply
    {
        try await client.send(
            .post, "/api/auth/login", body: #"{"username": "\#(username)", "password": "\#(password)"}"#,
            headers: [HTTPField.Name("X-Forwarded-For")!: "\(address), 10.9.9.9"])
    }

    @Test(arguments: TestBackend.available)
    func tenThousandFailedLoginsFromOneAddressAreThrottledWithoutLockingOthersOut(_ backend: TestBackend)
        async throws
    {
        try await TestApp.run(backend, configure: Self.proxied) { client in
            _ = try await client.register("ana")
            _ = try await client.register("bob")
            // MUT: 10,000 wrong passwords for ana from one address, 16 at a time
            var codes: [UInt16: Int] = [:]
            for batch in 0..<625 {
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for n in 0..<16 {
                        group.addTask {
                            try await Self.login(client, "ana", "guess-\(batch)-\(n)", from: "203.0.113.7").status.code
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                for status in statuses { codes[UInt16(status), default: 0] += 1 }
            }
            // validate: a handful were checked, the rest refused before any password was
            #expect(codes[401, default: 0] >= LoginThrottle.perAccount, "\(codes)")
            #expect(codes[401, default: 0] <= LoginThrottle.perAccount + 16, "\(codes)")
            #expect(codes[429, default: 0] + codes[401, default: 0] == 10_000, "\(codes)")
            let refused = try await Self.login(client, "ana", "password-123", from: "203.0.113.7")
            #expect(refused.status == .tooManyRequests)
            #expect((refused.json["error"] as? String)?.hasPrefix("Too many failed logins; try again in ") == true)
            #expect(refused.headers[.retryAfter] != nil)
            // Ana from elsewhere, and bob, log in as usual.
            #expect(try await Self.login(client, "ana", "password-123", from: "198.51.100.1").status == .ok)
            #expect(try await Self.login(client, "bob", "password-123", from: "198.51.100.2").status == .ok)
        }
    }

    @Test(arguments: TestBackend.available)
    func oneAddressGuessingManyNamesIsThrottledToo(_ backend: TestBackend) async throws {
        try await TestApp.run(backend, configure: Self.proxied) { client in
            _ = try await client.register("ana")
            for n in 0..<LoginThrottle.perAddress {
                let reply = try await Self.login(client, "user\(n)", "nope-nope", from: "203.0.113.8")
                #expect(reply.status == .unauthorized, "\(n): \(reply)")
            }
            #expect(try await Self.login(client, "ana", "password-123", from: "203.0.113.8").status == .tooManyRequests)
            let cookie = try await client.send(
                .post, "/api/auth/session", body: #"{"username": "ana", "password": "password-123"}"#,
                headers: [HTTPField.Name("X-Forwarded-For")!: "203.0.113.8"])
            #expect(cookie.status == .tooManyRequests)
            #expect(try await Self.login(client, "ana", "password-123", from: "203.0.113.9").status == .ok)
        }
    }

    @Test(arguments: TestBackend.available)
    func parallelGuessesForOneAccountGetNoMoreThanTheLimitOfPasswordChecks(_ backend: TestBackend) async throws {
        try await TestApp.run(backend, configure: Self.proxied) { client in
            _ = try await client.register("ana")
            // MUT: 60 wrong passwords at once, by username and by email (one account)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for n in 0..<60 {
                    group.addTask {
                        let name = n.isMultiple(of: 2) ? "ana" : "ANA@example.com"
                        return try await Self.login(client, name, "guess-\(n)", from: "203.0.113.20").status.code
                    }
                }
                return try await group.reduce(into: [Int: Int]()) { $0[$1, default: 0] += 1 }
            }
            // validate: exactly the limit were checked; the right password is refused there now
            #expect(statuses == [401: LoginThrottle.perAccount, 429: 60 - LoginThrottle.perAccount], "\(statuses)")
            #expect(
                try await Self.login(client, "ana@example.com", "password-123", from: "203.0.113.20").status
                    == .tooManyRequests)
            // A success gives its place back: another user logging in often is never throttled.
            _ = try await client.register("bob")
            for _ in 0..<(LoginThrottle.perAccount + 5) {
                #expect(try await Self.login(client, "bob", "password-123", from: "203.0.113.21").status == .ok)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aClientWritingItsOwnForwardedForEntriesIsStillThrottledByTheProxysEntry(_ backend: TestBackend)
        async throws
    {
        try await TestApp.run(backend, configure: Self.proxied) { client in
            _ = try await client.register("ana")
            var codes: [Int: Int] = [:]
            for n in 0..<30 {
                // The client sent "X-Forwarded-For: 198.18.0.n"; our proxy appended what it saw.
                let reply = try await client.send(
                    .post, "/api/auth/login", body: #"{"username": "ana", "password": "guess-\#(n)"}"#,
                    headers: [HTTPField.Name("X-Forwarded-For")!: "198.18.0.\(n), 203.0.113.30, 10.9.9.9"])
                codes[reply.status.code, default: 0] += 1
            }
            #expect(codes == [401: LoginThrottle.perAccount, 429: 30 - LoginThrottle.perAccount], "\(codes)")
            // A 900 KB name is throttled under a key of fixed size, like any other.
            let long = String(repeating: "n", count: 900_000)
            let reply = try await client.send(
                .post, "/api/auth/login", body: #"{"username": "\#(long)", "password": "x"}"#,
                headers: [HTTPField.Name("X-Forwarded-For")!: "203.0.113.31"])
            #expect(reply.status == .badRequest, "\(reply)")
        }
    }
}
