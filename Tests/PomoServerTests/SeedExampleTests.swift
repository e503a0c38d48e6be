import Foundation
import PomoTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The Game doc's own JavaScript example, run under node against a live pomod, with only its
/// base URL changed. node is a Debian package on these machines.
@Suite struct SeedExampleTests {
    @Test func theDocumentedJavaScriptSubmitSavesASession() async throws {
        let example = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Fixtures/seed-submit-example.js"), encoding: .utf8)
        let server = try await ServerProcess(env: [
            "POMO_DATA_DIR": try TestDatabases.temporaryDirectory(), "POMO_BCRYPT_COST": "4", "POMO_DATABASE_URL": "",
        ])
        let base = "http://127.0.0.1:\(server.port)"
        var request = URLRequest(url: URL(string: base + "/api/auth/register")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(#"{"username":"jane","email":"jane@example.com","password":"jane-password"}"#.utf8)
        let (data, _) = try await URLSession.shared.data(for: request)
        let token = try #require(
            (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["access_token"] as? String)

        // The browser globals the snippet assumes, then the snippet itself with only the base URL changed.
        let prelude = """
            globalThis.localStorage = { getItem: () => process.env.POMO_TOKEN };
            const generateUUID = () => crypto.randomUUID();

            """
        let script = try TestDatabases.temporaryDirectory() + "/example.mjs"
        try (prelude + example.replacingOccurrences(of: "https://game.regardingwork.com", with: base))
            .write(toFile: script, atomically: true, encoding: .utf8)
        let node = try await runExecutable("/usr/bin/env", ["node", script], env: ["POMO_TOKEN": token])
        #expect(node.status == 0, "\(node.stderr)")
        #expect(node.stdout.hasPrefix("Session saved! ID: "), "\(node.stdout) \(node.stderr)")
        #expect(try await server.stop() == 0)
    }
}
