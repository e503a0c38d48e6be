import ArgumentParser
import Foundation
import PomoClient
import PomoCore
import PomoWire
import Synchronization

/// `pomo`: focus and track time from the terminal against a Pomo server.
public struct PomoCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pomo", abstract: "Focus and track time from the terminal, against a Pomo server.",
        discussion: """
            Log in once, then start a session and watch it count down:
              pomo login --url http://127.0.0.1:8080 --username ana
              pomo start --minutes 25 --category Work --project Website --note "landing page"
              pomo status
              pomo watch                  # your changes, live, one line each (--json for scripts)
            Sessions that cannot reach the server are kept and sent later (pomo sync).
            """,
        version: PomoVersion.current,
        subcommands: [
            Login.self, Logout.self, WhoAmI.self, Start.self, Status.self, Complete.self, Cancel.self, Break.self,
            Log.self, Today.self, Week.self, Report.self, Projects.self, Tasks.self, Entries.self, Focusing.self,
            Sync.self, Watch.self, Export.self, Import.self,
        ])

    public init() {}
}

/// What every command that talks to the server needs: the saved config, a client, the queue.
struct CLIContext {
    var environment: [String: String]
    var config: ClientConfig
    var client: PomoClient
    var queue: OfflineQueue

    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    static func queue(_ environment: [String: String]) -> OfflineQueue {
        OfflineQueue(directory: ClientConfig.directory(environment: environment).appendingPathComponent("queue"))
    }

    /// The logged-in context; first sends whatever an earlier offline run left queued.
    static func load(replaying: Bool = true) async throws -> CLIContext {
        let environment = Self.environment
        guard let config = ClientConfig.load(environment: environment), let url = URL(string: config.url) else {
            throw CLIError("not logged in: run 'pomo login --url URL --username NAME' first")
        }
        let context = CLIContext(
            environment: environment, config: config, client: PomoClient(baseURL: url, token: config.token),
            queue: queue(environment))
        if let name = config.timezone, let zone = TimeZone(identifier: name) { Format.zone.withLock { $0 = zone } }
        if replaying, !context.queue.pending().isEmpty {
            let report = await context.queue.replay(using: context.client)
            if !report.sent.isEmpty { Terminal.error("sent \(Format.count(report.sent.count, "queued session"))") }
            for (id, reason) in report.failed { Terminal.error("queued session \(id) was refused: \(reason)") }
        }
        return context
    }

    /// The user's preferences from the server, remembering the profile's zone and focus length for
    /// later runs (and for when the server cannot be reached).
    func preferences() async throws -> UserPreferences {
        let data = try await client.userData()
        if let zone = TimeZone(identifier: data.timezone) { Format.zone.withLock { $0 = zone } }
        // The file as saved, without POMO_URL or POMO_TOKEN folded in (those stay out of it).
        let saved = environment.filter { $0.key != "POMO_URL" && $0.key != "POMO_TOKEN" }
        if config.timezone != data.timezone || config.defaultDuration != data.preferences.defaultDuration,
            var stored = ClientConfig.load(environment: saved)
        {
            stored.timezone = data.timezone
            stored.defaultDuration = data.preferences.defaultDuration
            try? stored.save(environment: saved)
        }
        return data.preferences
    }

    /// Submits a finished session, or keeps it for later when the server cannot be reached.
    func submitOrQueue(_ submission: GameSubmitRequest) async throws -> GameSubmitResponse? {
        do {
            return try await client.submit(submission)
        } catch let error as PomoClientError where error.isUnreachable {
            try queue.enqueue(submission)
            Terminal.error("server unreachable: session saved; it is sent by the next pomo command or 'pomo sync'")
            return nil
        }
    }
}

/// One clear line on standard error and a non-zero exit.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension PomoClientError {
    /// The line the CLI prints, with a hint where there is an obvious next step.
    var line: String {
        if case .server(401, let message) = self { return "\(message) (run 'pomo login' again)" }
        return description
    }
}

/// Runs a command body and turns client errors into their one-line form.
func running(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as PomoClientError {
        throw CLIError(error.line)
    }
}

enum Format {
    /// The zone times are shown in: the profile's, once known, else the machine's.
    static let zone = Mutex<TimeZone>(.current)
    static var shownZone: TimeZone { zone.withLock { $0 } }

    static func minutes(_ value: Double) -> String {
        let total = Int(value.rounded())
        return total >= 60 ? "\(total / 60)h \(String(format: "%02d", total % 60))m" : "\(total)m"
    }

    static func points(_ value: Double) -> String { String(format: "%.1f", value) }

    /// "1 session", "3 sessions", "1 activity", "2 activities".
    static func count(_ n: Int, _ one: String, _ many: String? = nil) -> String {
        "\(n) \(n == 1 ? one : many ?? one + "s")"
    }

    static func time(_ iso: String, timezone: TimeZone? = nil) -> String {
        guard let date = Timestamp.parse(iso) else { return iso }
        let timezone = timezone ?? shownZone
        var style = Date.FormatStyle(date: .omitted, time: .shortened)
        style.timeZone = timezone
        return date.formatted(style)
    }

    /// `2026-03-02 10:00` in the shown zone; only `10:00` when `sameDayAs` is on that day too.
    static func dateTime(_ iso: String, sameDayAs other: String? = nil) -> String {
        guard let date = Timestamp.parse(iso) else { return iso }
        // `2026-03-02T14:30:00+05:30` as the exports write it, cut to the minute.
        let local = { (date: Date) in
            RFC3339.string(date, in: shownZone).prefix(16).replacingOccurrences(of: "T", with: " ")
        }
        let text = local(date)
        if let other, let otherDate = Timestamp.parse(other), local(otherDate).prefix(10) == text.prefix(10) {
            return String(text.dropFirst(11))
        }
        return text
    }

    /// A fixed-width table: columns padded to their widest cell.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}

extension PomoCommand {
    /// The entry point of the `pomo` executable: parses the arguments and runs the command,
    /// asynchronously (what `AsyncParsableCommand.main()` does, callable from another module).
    public static func runMain(_ arguments: [String]? = nil) async {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
