import ArgumentParser
import Foundation
import PomoClient
import PomoCore
import PomoWire

struct Today: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Today's focus: minutes by category, points, streak.")

    func run() async throws {
        try await running {
            let context = try await CLIContext.load()
            let data = try await context.client.userData()
            let today = LocalDate.string(for: Date(), timezone: data.timezone)
            let report = try await context.client.report(from: today, to: today, by: .category)
            print(
                "\(today): \(Format.minutes(report.total.minutes)) in \(Format.count(report.total.sessions, "session")),"
                    + " \(Format.points(data.points.today)) points, streak \(Format.count(data.streaks.current, "day"))"
            )
            for row in report.rows { print("  \(row.key.isEmpty ? "-" : row.key): \(Format.minutes(row.minutes))") }
            if let session = try await context.client.active() {
                print("running: \(session.sessionType), ends \(Format.time(session.scheduledEndAt))")
            }
        }
    }
}

struct Week: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The last seven days as a bar chart of focus minutes.")

    func run() async throws {
        try await running {
            let context = try await CLIContext.load()
            let report = try await context.client.report(from: nil, to: nil, by: .day)
            print(WeekChart.render(report, width: Terminal.isInteractive ? Terminal.width : 80))
        }
    }
}

/// The `pomo week` chart: one bar per day, scaled to the busiest day.
public enum WeekChart {
    public static func render(_ report: ReportDTO, width: Int) -> String {
        let minutes = Dictionary(report.rows.map { ($0.key, $0.minutes) }) { a, _ in a }
        guard let start = LocalDate.bounds(of: report.from, timezone: .gmt)?.start else { return "" }
        var days: [String] = []
        var day = start
        while true {
            let text = LocalDate.string(for: day, timezone: "UTC")
            guard text <= report.to, days.count < 366 else { break }
            days.append(text)
            day = day.addingTimeInterval(86_400)
        }
        let busiest = days.map { minutes[$0] ?? 0 }.max() ?? 0
        let barWidth = max(10, width - 30)
        var lines = days.map { date -> String in
            let value = minutes[date] ?? 0
            let weekday = weekdayName(date)
            let label = "\(weekday) \(date.suffix(5))"
            return "\(label)  \(Format.minutes(value).padding(toLength: 7, withPad: " ", startingAt: 0)) "
                + Countdown.bar(value, max: busiest, width: barWidth)
        }
        lines.append(
            "total      \(Format.minutes(report.total.minutes)) in \(Format.count(report.total.sessions, "session"))")
        return lines.joined(separator: "\n")
    }

    static func weekdayName(_ date: String) -> String {
        guard let start = LocalDate.bounds(of: date, timezone: .gmt)?.start else { return "   " }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][calendar.component(.weekday, from: start) - 1]
    }
}

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Focus minutes, sessions and points over a date range, grouped.",
        discussion: """
            Examples:
              pomo report --from 2025-10-01 --to 2025-10-31 --by project
              pomo report --by category --format csv > october.csv
            """)

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

    @Option(help: "First day, YYYY-MM-DD (default: six days before --to).") var from: String?
    @Option(help: "Last day, YYYY-MM-DD (default: today).") var to: String?
    @Option(help: "day, project or category.") var by: ReportGrouping = .day
    @Option(help: "table, csv or json.") var format: OutputFormat = .table

    func run() async throws {
        try await running {
            let report = try await CLIContext.load().client.report(from: from, to: to, by: by)
            print(ReportOutput.render(report, format: format.rawValue))
        }
    }
}

extension ReportGrouping: ExpressibleByArgument {}

/// `pomo report`'s three formats.
public enum ReportOutput {
    public static func render(_ report: ReportDTO, format: String) -> String {
        switch format {
        case "csv":
            let header = "\(report.by.rawValue),sessions,minutes,points"
            let rows = report.rows.map { "\(csv($0.key)),\($0.sessions),\(number($0.minutes)),\(number($0.points))" }
            return ([header] + rows).joined(separator: "\n")
        case "json":
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            return (try? encoder.encode(report)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        default:
            let rows = (report.rows + [report.total]).map {
                [
                    $0.key.isEmpty ? "-" : $0.key, String($0.sessions), Format.minutes($0.minutes),
                    Format.points($0.points),
                ]
            }
            return "\(report.from) to \(report.to)\n"
                + Format.table([report.by.rawValue, "sessions", "time", "points"], rows)
        }
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
    }

    static func csv(_ field: String) -> String {
        guard field.contains(where: { ",\"\n".contains($0) }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

struct Projects: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Your projects and team projects, with your totals.")

    func run() async throws {
        try await running {
            let projects = try await CLIContext.load().client.projects()
            guard !projects.isEmpty else { return print("no projects yet") }
            print(
                Format.table(
                    ["id", "name", "type", "sessions", "time", "points"],
                    projects.map {
                        [
                            $0.id, $0.name, $0.type, String($0.pomodoroCount), Format.minutes($0.totalDuration),
                            Format.points($0.totalPoints),
                        ]
                    }))
        }
    }
}

struct Tasks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Today's tasks and how often each is done.")

    func run() async throws {
        try await running {
            let tasks = try await CLIContext.load().client.todayTasks()
            guard !tasks.isEmpty else { return print("no tasks for today") }
            print(
                Format.table(
                    ["id", "task", "when", "done"],
                    tasks.map { [$0.taskId, $0.title, $0.timeLabel ?? "", "\($0.completed)/\($0.target)"] }))
        }
    }
}

struct Entries: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Your time entries, newest first.")

    @Option(help: "How many to show.") var limit = 20

    func run() async throws {
        try await running {
            let client = try await CLIContext.load().client
            let entries = try await client.timeEntries().prefix(limit)
            guard !entries.isEmpty else { return print("no time entries") }
            // What each entry is on, by name.
            var names: [String: String] = [:]
            for task in try await client.todayTasks() { names[task.taskId] = task.title }
            for activity in try await client.activities() { names[activity.uuid] = activity.name }
            print(
                Format.table(
                    ["begin (\(Format.shownZone.identifier))", "end", "duration", "on", "comment"],
                    entries.map { entry in
                        let on = entry.resourceUUID.flatMap { names[$0] }.map { "\(entry.resourceType ?? ""): \($0)" }
                        return [
                            Format.dateTime(entry.beginTime),
                            entry.endTime.map { Format.dateTime($0, sameDayAs: entry.beginTime) } ?? "running",
                            entry.duration.map { Format.minutes(Double($0) / 60) } ?? "",
                            on ?? entry.resourceType ?? "-", entry.comment ?? "",
                        ]
                    }))
        }
    }
}

struct Focusing: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "How many people are focusing right now, and who of your teams on what.")

    func run() async throws {
        try await running {
            let presence = try await CLIContext.load().client.presence()
            let count = presence.count
            print(count == 1 ? "1 person is focusing right now" : "\(count) people are focusing right now")
            for member in presence.team {
                let what = [member.category, member.project].compactMap { $0 }.joined(separator: " · ")
                let until = member.endsAt.map { ", until \(Format.time($0))" } ?? ""
                print("  \(member.username): \(what.isEmpty ? "focusing" : what)\(until)")
            }
        }
    }
}

struct Sync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Send the sessions that were saved while the server was unreachable, then show what changed on the server since the last sync."
    )

    func run() async throws {
        let context = try await CLIContext.load(replaying: false)
        let queued = context.queue.pending().count
        if queued == 0 {
            print("nothing to send")
        } else {
            let report = await context.queue.replay(using: context.client)
            print("sent \(report.sent.count) of \(Format.count(queued, "queued session"))")
            for (id, reason) in report.failed { print("refused \(id): \(reason)") }
            if report.kept > 0 {
                throw CLIError("\(Format.count(report.kept, "session")) kept: the server is still unreachable")
            }
        }
        try await running {
            guard let found = try await context.queue.catchUp(using: context.client) else {
                return print("following the server's changes from now on")
            }
            if found.missedSome {
                print("the server no longer keeps the oldest changes since the last sync (its change retention)")
            }
            guard !found.counts.isEmpty else { return print("no changes since the last sync") }
            print(
                "since the last sync: "
                    + found.counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        }
    }
}

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export your focus sessions or time entries as CSV or JSON, or your whole account.",
        discussion: """
            One row per session or entry: start and end in your zone and in UTC, duration, kind, \
            status, category, project, task, note, POF score, points, source. `account` is \
            everything of yours as one JSON document, which `pomo import --from pomo` reads back \
            (the filters and --format do not apply to it).
              pomo export sessions --from 2026-01-01 --to 2026-03-31 --output q1.csv
              pomo export time_entries --project Website --format json
              pomo export account --output pomo-account.json
            """)

    enum What: String, ExpressibleByArgument, CaseIterable {
        case sessions
        case timeEntries = "time_entries"
        case account
    }

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, json
    }

    @Argument(help: "sessions, time_entries or account") var what: What
    @Option(help: "From this day (YYYY-MM-DD, your zone) or RFC 3339 time.") var from: String?
    @Option(help: "Up to this day (included) or RFC 3339 time.") var to: String?
    @Option(help: "A project's name or id.") var project: String?
    @Option(help: "A category.") var category: String?
    @Option(help: "csv or json.") var format: Format = .csv
    @Option(help: "Write to this file instead of standard output.") var output: String?

    func run() async throws {
        try await running {
            let context = try await CLIContext.load()
            var query = [URLQueryItem(name: "format", value: format.rawValue)]
            for (name, value) in [("from", from), ("to", to), ("project", project), ("category", category)] {
                if let value { query.append(URLQueryItem(name: name, value: value)) }
            }
            if what == .account { query = [] }
            let file = try await context.client.export(what.rawValue, query: query)
            defer { try? FileManager.default.removeItem(at: file) }
            if let output {
                let target = URL(fileURLWithPath: output)
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.copyItem(at: file, to: target)
                let size = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
                Terminal.error("wrote \(output) (\(size) bytes)")
            } else {
                // A chunk at a time: an export of any size passes through.
                let handle = try FileHandle(forReadingFrom: file)
                defer { try? handle.close() }
                while let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty {
                    FileHandle.standardOutput.write(chunk)
                }
            }
        }
    }
}

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import another tracker's export, or a Pomo account document.",
        discussion: """
            Reads Toggl Track's or Clockify's detailed CSV, Kimai's CSV, TimeTagger's export table or \
            records JSON, and Pomo's own account document (`pomo export account`). Projects and \
            tasks are matched by name and made when missing; importing the same file twice adds \
            nothing. With --dry-run nothing is written: it says what would be created and \
            lists every row that cannot be read, with its line. Times without an offset are in your \
            zone unless --tz names another.
              pomo import toggl.csv --from toggl --dry-run
              pomo import clockify.csv --from clockify --tz Europe/Berlin
              pomo import pomo-account-ana.json --from pomo
            """)

    enum Source: String, ExpressibleByArgument, CaseIterable {
        case toggl, clockify, kimai, timetagger, pomo
    }

    @Argument(help: "The exported file.") var file: String
    @Option(help: "toggl, clockify, kimai, timetagger or pomo.") var from: Source
    @Flag(help: "Count and check only; write nothing.") var dryRun = false
    @Option(help: "The zone of the file's times (an IANA name); default: yours.") var tz: String?

    func run() async throws {
        try await running {
            guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("cannot read \(file)") }
            let context = try await CLIContext.load()
            let result = try await context.client.importFile(data, from: from.rawValue, dryRun: dryRun, zone: tz)
            let created = result.created
            var made = "\(Format.count(created.projects, "project")), \(Format.count(created.tasks, "task")), "
            if created.activities > 0 { made += "\(Format.count(created.activities, "activity", "activities")), " }
            if created.goals > 0 { made += "\(Format.count(created.goals, "goal")), " }
            if created.estimations > 0 { made += "\(Format.count(created.estimations, "estimation")), " }
            if created.reports > 0 { made += "\(Format.count(created.reports, "report")), " }
            made += Format.count(created.timeEntries, "time entry", "time entries")
            if created.sessions > 0 { made += ", \(Format.count(created.sessions, "session"))" }
            var tail = "\(result.skipped) already imported"
            if result.running > 0 { tail += "; \(result.running) still running, left out" }
            print(
                "\(result.dryRun ? "would create" : "created") \(made) from \(Format.count(result.rows, "row")); \(tail)"
            )
            for rejected in result.rejected { print("line \(rejected.line): \(rejected.reason)") }
        }
    }
}
