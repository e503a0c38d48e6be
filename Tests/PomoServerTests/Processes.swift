import Foundation
import Synchronization
import Testing

/// Foundation's `Process.run()` has crashed here (a bad memcpy inside it) when several tests
/// spawned processes at once; the tests take turns starting them.
let processSpawnLock = NSLock()

func spawn(_ process: Process) throws {
    processSpawnLock.lock()
    defer { processSpawnLock.unlock() }
    try process.run()
}

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// A built executable of this package (`pomo`, `pomod`), which sits next to the test bundle.
func binaryURL(_ name: String) throws -> URL {
    let binDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let candidates = [binDir, binDir.deletingLastPathComponent()].map { $0.appendingPathComponent(name) }
    return try #require(
        candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
        "\(name) not found next to \(binDir.path); run 'swift build' first")
}

/// Runs a built executable of this package to completion with `stdin` as its input.
func runBinary(_ name: String, _ arguments: [String], stdin: String = "", env: [String: String]) async throws
    -> ProcessResult
{
    try await runExecutable(try binaryURL(name).path, arguments, stdin: stdin, env: env)
}

/// Runs any executable to completion with `stdin` as its input.
func runExecutable(_ path: String, _ arguments: [String], stdin: String = "", env: [String: String]) async throws
    -> ProcessResult
{
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
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
            try spawn(process)
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

/// A `pomod serve` process on an ephemeral loopback port.
final class ServerProcess: Sendable {
    let process: Process
    let port: Int
    private let output: OutputBuffer

    /// Starts pomod and waits (up to 60 s) for its "listening on" line.
    init(env: [String: String]) async throws {
        let process = Process()
        process.executableURL = try binaryURL("pomod")
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "0"]
        process.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let output = OutputBuffer()
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let chunk = String(decoding: handle.availableData, as: UTF8.self)
            output.text.withLock { $0 += chunk }
        }
        try spawn(process)
        self.process = process
        self.output = output
        let deadline = ContinuousClock.now + .seconds(60)
        var port: Int?
        while port == nil, process.isRunning, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            port = output.text.withLock { Self.listeningPort(in: $0) }
        }
        guard let port else {
            process.terminate()
            throw ServerProcessError(log: output.text.withLock { $0 })
        }
        self.port = port
    }

    /// A test that throws before `stop` leaves no server behind (one ran on, listening, for
    /// hours after a failed CLIOfflineTests run).
    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    var log: String { output.text.withLock { $0 } }

    /// Sends `signal` and waits (up to 30 s) for the process to exit; returns its status.
    func stop(signal: Int32 = SIGTERM) async throws -> Int32 {
        kill(process.processIdentifier, signal)
        let deadline = ContinuousClock.now + .seconds(30)
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            throw ServerProcessError(log: "pomod did not stop within 30 s\n" + log)
        }
        return process.terminationStatus
    }

    private static func listeningPort(in log: String) -> Int? {
        guard let range = log.range(of: "listening on 127.0.0.1:") else { return nil }
        return Int(log[range.upperBound...].prefix { $0.isNumber })
    }
}

final class OutputBuffer: Sendable {
    let text = Mutex("")
}

struct ServerProcessError: Error, CustomStringConvertible {
    var log: String
    var description: String { "pomod did not start:\n\(log)" }
}
