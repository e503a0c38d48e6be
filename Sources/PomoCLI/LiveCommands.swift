import ArgumentParser
import Foundation
import PomoClient
import PomoCore
import PomoWire

struct Watch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print your changes as they happen, one line each, and who starts or stops focusing.",
        discussion: """
            Follows the server's event stream until Ctrl-C; a dropped connection is resumed where it \
            stopped, nothing missed (unless the server's change retention removed what came in \
            between: then it says so and follows from now). With --json, one JSON object a line: a change as the sync feed \
            gives it, or {"kind": "presence", "count", "team"}.
            """)

    @Flag(help: "One JSON object per line, for scripts.")
    var json = false

    func run() async throws {
        let context = try await CLIContext.load()
        try await LiveFollower(client: context.client).follow { event in
            // Unbuffered: a script reading the pipe gets each line as it happens.
            if json {
                Terminal.write(LiveLine.json(event) + "\n")
            } else if let line = LiveLine.text(event) {
                Terminal.write(line + "\n")
            }
        }
    }
}

/// The event stream for a command: `EventFollower`, its notices on standard error, a refusal
/// as the command's error.
struct LiveFollower {
    let client: PomoClient

    func follow(_ handle: (ServerEvent) async throws -> Void) async throws {
        do {
            try await EventFollower(client: client) { Terminal.error($0) }.follow(handle)
        } catch let error as PomoClientError {
            throw CLIError(error.line)
        }
    }
}

/// How `pomo watch` prints an event.
enum LiveLine {
    static func json(_ event: ServerEvent) -> String {
        guard event.name == "presence" else { return event.data }
        var object = event.json
        object["kind"] = "presence"
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// `14:03  session.completed  work, 25m, POF 92`; nil for what a person need not read.
    static func text(_ event: ServerEvent, timezone: TimeZone? = nil) -> String? {
        let timezone = timezone ?? Format.shownZone
        let object = event.json
        if event.name == "presence" {
            let count = object["count"] as? Int ?? 0
            let team = (object["team"] as? [[String: Any]] ?? []).compactMap { $0["username"] as? String }
            let who = team.isEmpty ? "" : " (\(team.joined(separator: ", ")) of your teams)"
            return "\(clock(nil, timezone))  presence  \(count) focusing now\(who)"
        }
        guard let kind = object["kind"] as? String else { return nil }
        let data = object["data"] as? [String: Any]
        return
            "\(clock(object["at"] as? String, timezone))  \(kind)  \(summary(object["entity_type"] as? String, data, id: object["entity_id"] as? String ?? ""))"
    }

    static func summary(_ type: String?, _ data: [String: Any]?, id: String) -> String {
        guard let data else { return id }
        switch type {
        case "session":
            var parts = [(data["session_type"] as? String ?? "session").replacingOccurrences(of: "_", with: " ")]
            if let minutes = data["duration_minutes"] as? Double { parts.append(Format.minutes(minutes)) }
            if let score = data["pof_score"] as? Int { parts.append("POF \(score)") }
            return parts.joined(separator: ", ")
        case "time_entry":
            let comment = data["comment"] as? String
            return [comment?.isEmpty == false ? comment : nil, data["begin_time"] as? String].compactMap { $0 }
                .joined(separator: ", ")
        case "team_member":
            return "\(data["username"] as? String ?? "") in \(data["team"] as? String ?? "")"
        default:
            return data["name"] as? String ?? data["text"] as? String ?? id
        }
    }

    static func clock(_ iso: String?, _ timezone: TimeZone) -> String {
        var style = Date.FormatStyle(date: .omitted, time: .shortened)
        style.timeZone = timezone
        return (iso.flatMap(Timestamp.parse) ?? Date()).formatted(style)
    }
}
