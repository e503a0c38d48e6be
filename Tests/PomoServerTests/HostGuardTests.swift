import Foundation
import HummingbirdTesting
import PomoTestSupport
import Testing

@testable import PomoServer

/// DNS rebinding: a page on another site points a name of its own at 127.0.0.1 and reaches a
/// server on the user's machine as same-origin. Such a request carries that name in `Host`, and
/// is refused before any route runs; the names a server is really reached by still work.
@Suite struct HostGuardTests {
    /// Sends a raw HTTP/1.1 request with this `Host` to a live server and returns the status line and body.
    static func get(port: Int, host: String?, path: String = "/api/health") throws -> (status: Int, body: String) {
        let request =
            "GET \(path) HTTP/1.1\r\n" + (host.map { "Host: \($0)\r\n" } ?? "") + "Connection: close\r\n\r\n"
        let connection = try RawConnection(port: port)
        connection.send(request)
        let answer = connection.readAll()
        let status = Int(answer.split(separator: " ").dropFirst().first ?? "") ?? 0
        return (status, String(answer.split(separator: "\r\n\r\n", maxSplits: 1).last ?? ""))
    }

    @Test(arguments: TestBackend.available)
    func aRebindingNameIsRefusedAndRealNamesAnswer(_ backend: TestBackend) async throws {
        try await TestApp.run(backend, testing: .live) { client in
            let port = client.port!
            // MUT + validate: the attacker's name, on a Game route and on health
            let rebound = try Self.get(port: port, host: "attacker.example:\(port)", path: "/api/focusing-now")
            #expect(rebound.status == 400)
            #expect(rebound.body.contains("attacker.example"), "\(rebound.body)")
            #expect(try Self.get(port: port, host: "attacker.example").status == 400)
            // What the server is reached by: IP literals, localhost, its listen address; no Host at all.
            for host in ["127.0.0.1:\(port)", "localhost:\(port)", "LOCALHOST", "[::1]:\(port)", "10.1.2.3", nil] {
                #expect(try Self.get(port: port, host: host).status == 200, "\(host ?? "no Host")")
            }
        }
    }

    @Test func configuredNamesAndTheWildcardAnswer() throws {
        var config = PomoConfig()
        config.allowedHosts = ["pomo.example.com"]
        let guarded = HostGuardMiddleware(config: config)
        #expect(guarded.isAllowed("pomo.example.com:443"))
        #expect(guarded.isAllowed("Pomo.Example.com."))
        #expect(!guarded.isAllowed("evil.pomo.example.com"))
        #expect(!guarded.isAllowed("1.2.3.4.evil.example"))
        #expect(!guarded.isAllowed("999.1.1.1"))
        config.allowedHosts = ["*"]
        #expect(HostGuardMiddleware(config: config).anyHost)
        #expect(
            try PomoConfig(environment: ["POMO_ALLOWED_HOSTS": "a.example, B.example"]).allowedHosts == [
                "a.example", "b.example",
            ])
    }
}
