import Foundation
import HummingbirdTesting
import PomoClient
import PomoCore
import PomoTestSupport
import Testing

/// PomoClient and the `pomo` binary against a live server on 127.0.0.1.
@Suite struct ClientTests {
    @Test(arguments: TestBackend.available)
    func theClientLogsInAndReadsMe(_ backend: TestBackend) async throws {
        try await TestApp.run(backend, testing: .live) { client in
            _ = try await client.register("ana")
            let base = URL(string: "http://127.0.0.1:\(try #require(client.port))")!
            let login = try await PomoClient(baseURL: base).login(username: "ana", password: "password-123")
            #expect(login.user.username == "ana")
            let me = try await PomoClient(baseURL: base, token: login.accessToken).me()
            #expect(me.email == "ana@example.com")
            let error = await #expect(throws: PomoClientError.self) {
                try await PomoClient(baseURL: base).login(username: "ana", password: "wrong-password")
            }
            #expect(error == .server(status: 401, message: "Invalid credentials"))
        }
    }

    @Test func anUnreachableServerIsReportedAsSuch() async throws {
        let error = await #expect(throws: PomoClientError.self) {
            try await PomoClient(baseURL: URL(string: "http://127.0.0.1:1")!).me()
        }
        guard case .unreachable = error else {
            Issue.record("expected .unreachable, got \(String(describing: error))")
            return
        }
    }

    @Test func theCLILogsInRemembersTheTokenPrivatelyAndLogsOut() async throws {
        try await TestApp.run(.sqlite, testing: .live) { client in
            _ = try await client.register("ana")
            let url = "http://127.0.0.1:\(try #require(client.port))"
            let configDir = try TestDatabases.temporaryDirectory()
            let env = ["POMO_CONFIG_DIR": configDir]

            let loginArgs = ["login", "--url", url, "--username", "ana"]
            let bad = try await runPomo(loginArgs, stdin: "wrong-password\n", env: env)
            #expect(bad.status != 0)
            #expect(bad.stderr.contains("Invalid credentials"))

            let login = try await runPomo(loginArgs, stdin: "password-123\n", env: env)
            #expect(login.status == 0, "\(login.stderr)")
            let attributes = try FileManager.default.attributesOfItem(atPath: configDir + "/config.json")
            let mode = attributes[.posixPermissions] as? Int
            #expect(mode == 0o600)

            let whoami = try await runPomo(["whoami"], env: env)
            #expect(whoami.status == 0, "\(whoami.stderr)")
            #expect(whoami.stdout.hasPrefix("ana <ana@example.com>"))

            #expect(try await runPomo(["logout"], env: env).status == 0)
            let after = try await runPomo(["whoami"], env: env)
            #expect(after.status != 0)
            #expect(after.stderr.contains("not logged in"))
        }
    }
}

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the built `pomo` executable, which sits next to the test bundle.
func runPomo(_ arguments: [String], stdin: String = "", env: [String: String]) async throws -> ProcessResult {
    let binDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let candidates = [binDir, binDir.deletingLastPathComponent()].map { $0.appendingPathComponent("pomo") }
    let binary = try #require(
        candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
        "pomo binary not found next to \(binDir.path); run 'swift build' first")
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
    let input = Pipe()
    let output = Pipe()
    let errors = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = errors
    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
        process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
        do {
            try process.run()
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try? input.fileHandleForWriting.close()
        } catch {
            continuation.resume(throwing: error)
        }
    }
    return ProcessResult(
        status: status,
        stdout: String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
        stderr: String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
}
