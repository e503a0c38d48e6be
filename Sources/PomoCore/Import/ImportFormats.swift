import Foundation

/// What an import reads: another tracker's export, by the headers and date formats each tool
/// documents for it.
public enum ImportSource: String, Sendable, CaseIterable {
    /// Toggl Track's detailed report, CSV: `Start date` `2024-01-15`, `Start time` `09:00:00`,
    /// `Duration` `01:30:00`, in the exporting user's zone.
    case toggl
    /// Clockify's detailed report, CSV: `Start Date` in the user's date format (`01/15/2024` by
    /// default, `15/01/2024`, `15.01.2024` or `2024-01-15`), `Start Time` `09:00:00 AM` or
    /// `09:00:00`.
    case clockify
    /// Kimai's timesheet export, CSV: `Date` `2024-01-15`, `From` and `To` `09:00`, `Activity`.
    case kimai
    /// TimeTagger's export table (tab-separated `key`, `start`, `stop`, `tags`, `description`;
    /// times local `2024-01-15 09:00:00`, Unix seconds or ISO 8601), or its API's records as JSON
    /// (`{"records": [{"key", "t1", "t2", "ds"}]}`). The first tag names the project.
    case timetagger
    /// Pomo's own account document (`GET /api/v1/account/export`).
    case pomo

    /// Formats read as JSON (a TimeTagger file may be either).
    public var isJSONOnly: Bool { self == .pomo }
}

/// One time entry read from a file, before it is matched with the user's projects and tasks.
public struct ImportedEntry: Sendable, Equatable {
    public var line: Int
    public var begin: Date
    public var end: Date
    public var project: String?
    public var task: String?
    public var description: String?
    /// The activity the entry is on, instead of a task (Pomo's own documents).
    public var activity: String?
    /// The record's own id in the file (TimeTagger's key, Pomo's uuid): it, not the row's
    /// content, makes the entry the same entry on a second import.
    public var key: String?
    public var times: RecordTimes?

    public init(
        line: Int, begin: Date, end: Date, project: String?, task: String?, description: String?,
        activity: String? = nil, key: String? = nil, times: RecordTimes? = nil
    ) {
        self.line = line
        self.begin = begin
        self.end = end
        self.project = project
        self.task = task
        self.description = description
        self.activity = activity
        self.key = key
        self.times = times
    }
}

public struct ImportRejection: Sendable, Equatable {
    public var line: Int
    public var reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }
}

public struct ImportParse: Sendable, Equatable {
    public var entries: [ImportedEntry] = []
    public var rejected: [ImportRejection] = []
    /// The rest of a Pomo account document.
    public var account = ImportedAccount()

    public init() {}

    /// Rows read: entries, sessions, rejected rows and running records.
    public var rows: Int { entries.count + account.sessions.count + rejected.count + account.running }
}

public enum ImportFormats {
    public static let maxRows = 100_000
    public static let maxBytes = 20 << 20

    /// Reads `text` as `source`'s export; times without an offset are in `zone`.
    public static func parse(_ text: String, as source: ImportSource, zone: TimeZone) throws -> ImportParse {
        let records: [CSVReader.Record]
        do {
            // TimeTagger's table is copied out tab-separated; every other tool writes commas.
            let firstLine = text.prefix { $0 != "\n" && $0 != "\r" }
            let separator: Character = source == .timetagger && firstLine.contains("\t") ? "\t" : ","
            records = try CSVReader.records(text, separator: separator, limit: maxRows + 1)
        } catch let failure as CSVReader.Failure {
            throw AppError(.unprocessable, "line \(failure.line): \(failure.reason)", field: "file")
        }
        guard let header = records.first else {
            throw AppError(.unprocessable, "line 1: the file is empty", field: "file")
        }
        let columns = Columns(header.fields)
        if source == .timetagger { return try timetagger(records, columns, zone: zone) }
        guard !source.isJSONOnly else {
            throw AppError(.unprocessable, "line 1: a \(source.rawValue) file is JSON", field: "file")
        }
        let layout = try Layout(source, columns)
        var parse = ImportParse()
        var dayFirst = false
        if source == .clockify {
            // Clockify writes dates in the exporting user's format: a day above 12 in the first
            // place tells day-first (15/01/2024) from the default month-first (01/15/2024).
            dayFirst = records.dropFirst().contains { record in
                let parts = columns.value(record.fields, layout.startDate).split(whereSeparator: { $0 == "/" })
                return parts.count == 3 && (Int(parts[0]) ?? 0) > 12
            }
        }
        for record in records.dropFirst() {
            do {
                parse.entries.append(try entry(record, layout, columns, source, zone: zone, dayFirst: dayFirst))
            } catch let rejection as ImportRejection {
                parse.rejected.append(rejection)
            }
        }
        return parse
    }

    private static func entry(
        _ record: CSVReader.Record, _ layout: Layout, _ columns: Columns, _ source: ImportSource, zone: TimeZone,
        dayFirst: Bool
    ) throws -> ImportedEntry {
        let line = record.line
        func text(_ column: Int?) -> String? {
            let value = columns.value(record.fields, column).trimmingWhitespace()
            return value.isEmpty ? nil : value
        }
        func reject(_ reason: String) -> ImportRejection { ImportRejection(line: line, reason: reason) }
        guard let startDay = day(text(layout.startDate), dayFirst: dayFirst) else {
            throw reject("\(layout.names.startDate) is not a date")
        }
        guard let startClock = clock(text(layout.startTime)) else {
            throw reject("\(layout.names.startTime) is not a time")
        }
        guard let begin = instant(startDay, startClock, zone) else {
            throw reject("the start is not a time in \(zone.identifier)")
        }
        var end: Date
        if let endTime = text(layout.endTime) {
            guard let endClock = clock(endTime) else { throw reject("\(layout.names.endTime) is not a time") }
            let endDay = layout.endDate.flatMap { day(text($0), dayFirst: dayFirst) } ?? startDay
            guard let at = instant(endDay, endClock, zone) else {
                throw reject("the end is not a time in \(zone.identifier)")
            }
            end = at
            // Kimai gives the end's time only: an end before the start is on the next day.
            if layout.endDate == nil && end < begin { end = end.addingTimeInterval(86_400) }
        } else if let seconds = duration(text(layout.duration)) {
            end = begin.addingTimeInterval(seconds)
        } else {
            throw reject("no end time and no duration")
        }
        guard end >= begin else { throw reject("the end is before the start") }
        guard end.timeIntervalSince(begin) <= 86_400 * 7 else { throw reject("longer than 7 days") }
        let description = text(layout.description)
        if let description, description.count > TextLimits.text {
            throw reject("the description is longer than \(TextLimits.text) characters")
        }
        for name in [text(layout.project), text(layout.task)].compactMap({ $0 }) where name.count > TextLimits.name {
            throw reject("a name is longer than \(TextLimits.name) characters")
        }
        return ImportedEntry(
            line: line, begin: begin, end: end, project: text(layout.project), task: text(layout.task),
            description: description)
    }

    /// `2024-01-15`, `01/15/2024` (or `15/01/2024` when `dayFirst`) or `15.01.2024`.
    static func day(_ text: String?, dayFirst: Bool) -> DateComponents? {
        guard let text else { return nil }
        let dash = text.split(separator: "-").compactMap { Int($0) }
        if dash.count == 3, text.count == 10 { return valid(dash[0], dash[1], dash[2]) }
        let slash = text.split(separator: "/").compactMap { Int($0) }
        if slash.count == 3 {
            return dayFirst ? valid(slash[2], slash[1], slash[0]) : valid(slash[2], slash[0], slash[1])
        }
        let dot = text.split(separator: ".").compactMap { Int($0) }
        if dot.count == 3 { return valid(dot[2], dot[1], dot[0]) }
        return nil
    }

    private static func valid(_ year: Int, _ month: Int, _ day: Int) -> DateComponents? {
        guard (1900...9999).contains(year), (1...12).contains(month), (1...31).contains(day) else { return nil }
        let parts = DateComponents(year: year, month: month, day: day)
        // 2026-02-30 is no day (Calendar would roll it over to March).
        return parts.isValidDate(in: Calendar(identifier: .gregorian)) ? parts : nil
    }

    /// `09:00`, `09:00:00`, `9:00:00 AM`, `12:30 PM`: seconds after midnight.
    static func clock(_ text: String?) -> Int? {
        guard var text = text?.uppercased() else { return nil }
        var offset = 0
        var twelveHour = false
        if text.hasSuffix("AM") || text.hasSuffix("PM") {
            twelveHour = true
            offset = text.hasSuffix("PM") ? 12 * 3600 : 0
            text = String(text.dropLast(2)).trimmingWhitespace()
        }
        let parts = text.split(separator: ":").map { Int($0) }
        guard (2...3).contains(parts.count), parts.allSatisfy({ $0 != nil }) else { return nil }
        var hour = parts[0]!
        let minute = parts[1]!
        let second = parts.count == 3 ? parts[2]! : 0
        if twelveHour {
            guard (1...12).contains(hour) else { return nil }
            hour %= 12
        }
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        return hour * 3600 + minute * 60 + second + offset
    }

    /// `01:30:00`, `1:30` (hours and minutes) or a number of seconds.
    static func duration(_ text: String?) -> TimeInterval? {
        guard let text else { return nil }
        let parts = text.split(separator: ":").map { Int($0) }
        guard parts.allSatisfy({ $0 != nil && $0! >= 0 }) else { return nil }
        switch parts.count {
        case 3: return TimeInterval(parts[0]! * 3600 + parts[1]! * 60 + parts[2]!)
        case 2: return TimeInterval(parts[0]! * 3600 + parts[1]! * 60)
        case 1: return TimeInterval(parts[0]!)
        default: return nil
        }
    }

    static func instant(_ day: DateComponents, _ seconds: Int, _ zone: TimeZone) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        var parts = day
        parts.hour = seconds / 3600
        parts.minute = seconds / 60 % 60
        parts.second = seconds % 60
        // Calendar rolls 2026-02-30 over to March: such a day is no day.
        guard let date = calendar.date(from: parts), calendar.component(.day, from: date) == day.day,
            calendar.component(.month, from: date) == day.month
        else { return nil }
        return date
    }

    /// A file's header, matched by name whatever the case and surrounding spaces.
    struct Columns {
        let index: [String: Int]

        init(_ header: [String]) {
            var index: [String: Int] = [:]
            for (offset, name) in header.enumerated() {
                let key = name.trimmingWhitespace().lowercased()
                if index[key] == nil { index[key] = offset }
            }
            self.index = index
        }

        func find(_ names: [String]) -> Int? { names.lazy.compactMap { index[$0.lowercased()] }.first }

        func value(_ fields: [String], _ column: Int?) -> String {
            guard let column, column < fields.count else { return "" }
            return fields[column]
        }
    }

    /// Where a format keeps each value.
    struct Layout {
        /// The columns' names in each tool's export (matched whatever their case).
        struct Names {
            var startDate: String
            var startTime: String
            /// Kimai gives the end's time only.
            var endDate: String?
            var endTime: String
            var duration: String
            var project: String
            var task: String
            var description: String
        }

        static let names: [ImportSource: Names] = [
            .toggl: Names(
                startDate: "Start date", startTime: "Start time", endDate: "End date", endTime: "End time",
                duration: "Duration", project: "Project", task: "Task", description: "Description"),
            .clockify: Names(
                startDate: "Start Date", startTime: "Start Time", endDate: "End Date", endTime: "End Time",
                duration: "Duration (h)", project: "Project", task: "Task", description: "Description"),
            .kimai: Names(
                startDate: "Date", startTime: "From", endDate: nil, endTime: "To", duration: "Duration",
                project: "Project", task: "Activity", description: "Description"),
        ]

        var startDate: Int?
        var startTime: Int?
        var endDate: Int?
        var endTime: Int?
        var duration: Int?
        var project: Int?
        var task: Int?
        var description: Int?
        var names: Names

        init(_ source: ImportSource, _ columns: Columns) throws {
            names = Self.names[source]!
            startDate = columns.find([names.startDate])
            startTime = columns.find([names.startTime])
            endDate = names.endDate.flatMap { columns.find([$0]) }
            endTime = columns.find([names.endTime])
            duration = columns.find([names.duration])
            project = columns.find([names.project])
            task = columns.find([names.task])
            description = columns.find([names.description])
            let missing = [(names.startDate, startDate), (names.startTime, startTime)].filter { $0.1 == nil }.map(\.0)
            guard missing.isEmpty else {
                throw AppError(
                    .unprocessable,
                    "line 1: this is not a \(source.rawValue) export: no \(missing.joined(separator: " or ")) column",
                    field: "file")
            }
            guard endTime != nil || duration != nil else {
                throw AppError(
                    .unprocessable, "line 1: this is not a \(source.rawValue) export: no \(names.endTime) column",
                    field: "file")
            }
        }
    }
}

extension ImportRejection: Error {}
