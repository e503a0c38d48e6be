import Foundation
import PomoCore
import PomoWire

/// The JSON files an import reads: Pomo's own account document and TimeTagger's records. Each
/// record's line is where it starts in the file, so a rejection names it as a CSV's would.
enum ImportDocuments {
    static func parse(_ bytes: [UInt8], as source: ImportSource, zone: TimeZone) throws -> ImportParse {
        let value = try bytes.withUnsafeBytes { raw -> JSONValue in
            switch JSONReader.parse(raw) {
            case .success(let value): return value
            case .failure(let failure):
                let line = 1 + bytes.prefix(failure.offset).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                throw AppError(
                    .unprocessable, "line \(line): the file is not JSON (\(failure.message))", field: "file")
            }
        }
        guard case .object(let document) = value else { throw notA(source) }
        let lines = elementLines(bytes)
        var reader = Reader(lines: lines)
        switch source {
        case .pomo: return try reader.pomo(document)
        case .timetagger: return try reader.timetagger(document, zone: zone)
        default: throw AppError(.unprocessable, "line 1: a \(source.rawValue) file is CSV", field: "file")
        }
    }

    static func notA(_ source: ImportSource) -> AppError {
        let what = source == .pomo ? "Pomo account document" : "TimeTagger records document"
        return AppError(.unprocessable, "line 1: this is not a \(what)", field: "file")
    }

    private struct Reader {
        let lines: [String: [Int]]
        var parse = ImportParse()
        var rows = 0

        init(lines: [String: [Int]]) { self.lines = lines }

        /// The elements of the top-level array `key`, with their lines; more than the row limit
        /// in all is a bad file.
        mutating func elements(_ document: [String: JSONValue], _ key: String) throws -> [(Int, JSONValue)] {
            guard let value = document[key] else { return [] }
            guard case .array(let items) = value else {
                throw AppError(.unprocessable, "line 1: \(key) is not a list", field: "file")
            }
            rows += items.count
            guard rows <= ImportFormats.maxRows else {
                throw AppError(
                    .unprocessable, "line 1: more than \(ImportFormats.maxRows) records", field: "file")
            }
            let at = lines[key] ?? []
            return items.enumerated().map { (index, item) in (index < at.count ? at[index] : 1, item) }
        }

        mutating func reject(_ line: Int, _ key: String, _ reason: String) {
            parse.rejected.append(ImportRejection(line: line, reason: "\(key): \(reason)"))
        }

        /// `item` decoded as `T`, or nil with the rejection noted.
        mutating func decode<T: Decodable>(_ type: T.Type, _ item: JSONValue, line: Int, _ key: String) -> T? {
            do {
                return try JSONTreeDecoder().decode(T.self, from: item)
            } catch let error as DecodingError {
                reject(line, key, JSONBody.appError(error).message)
                return nil
            } catch {
                reject(line, key, "\(error)")
                return nil
            }
        }

        mutating func timetagger(_ document: [String: JSONValue], zone: TimeZone) throws -> ImportParse {
            guard document["records"] != nil else { throw notA(.timetagger) }
            for (line, item) in try elements(document, "records") {
                guard let record = decode(TimeTaggerRecord.self, item, line: line, "records") else { continue }
                // TimeTagger deletes a record by hiding it.
                if record.ds?.hasPrefix("HIDDEN") == true { continue }
                ImportFormats.timetaggerRecord(
                    line: line, key: record.key, start: Date(timeIntervalSince1970: record.t1),
                    stop: Date(timeIntervalSince1970: record.t2), description: record.ds ?? "", into: &parse)
            }
            return parse
        }

        mutating func pomo(_ document: [String: JSONValue]) throws -> ImportParse {
            guard document["format"] == .string("pomo") else { throw notA(.pomo) }
            guard document["version"] == .number(1) else {
                throw AppError(.unprocessable, "line 1: this Pomo document's version is not 1", field: "file")
            }
            var projectNames: [String: String] = [:]
            for (line, item) in try elements(document, "projects") {
                guard let project = decode(TimeMagicProject.self, item, line: line, "projects") else { continue }
                guard let type = ProjectType(rawValue: project.projectType) else {
                    reject(line, "projects", "project_type \(project.projectType) is not a project type")
                    continue
                }
                if let hours = project.workingHoursPerDay, !(hours > 0 && hours <= 24) {
                    reject(line, "projects", "working_hours_per_day \(hours) is not more than 0 and at most 24")
                    continue
                }
                guard let times = times(project.createdAt, project.updatedAt, line, "projects"),
                    named(project.name, line, "projects")
                else { continue }
                projectNames[project.uuid] = project.name
                parse.account.projects.append(
                    ImportedProject(
                        uuid: project.uuid, name: project.name, description: project.description,
                        projectType: type, rateCents: project.rateCents, rateCurrency: project.rateCurrency,
                        allowParallelTasks: project.allowParallelTasks, workingHoursPerDay: project.workingHoursPerDay,
                        times: times))
            }
            var taskNames: [String: (project: String, task: String)] = [:]
            for (line, item) in try elements(document, "tasks") {
                guard let task = decode(TimeMagicTask.self, item, line: line, "tasks") else { continue }
                guard let project = projectNames[task.projectUUID] else {
                    reject(line, "tasks", "its project \(task.projectUUID) is not in the document")
                    continue
                }
                guard let status = WorkTaskStatus(rawValue: task.status),
                    let type = WorkTaskType(rawValue: task.taskType)
                else {
                    reject(line, "tasks", "status \(task.status) or task_type \(task.taskType) is unknown")
                    continue
                }
                guard let times = times(task.createdAt, task.updatedAt, line, "tasks"), named(task.name, line, "tasks")
                else { continue }
                taskNames[task.uuid] = (project, task.name)
                parse.account.tasks.append(
                    ImportedTask(
                        uuid: task.uuid, projectUUID: task.projectUUID, name: task.name,
                        description: task.description, status: status, taskType: type,
                        data: task.data.flatMap { try? FreeFormJSON.text($0, field: "data") }, times: times))
            }
            var activityNames: [String: String] = [:]
            for (line, item) in try elements(document, "activities") {
                guard let activity = decode(TimeMagicActivity.self, item, line: line, "activities") else { continue }
                guard let type = ActivityType(rawValue: activity.activityType),
                    let state = ActivityState(rawValue: activity.aasmState)
                else {
                    reject(line, "activities", "activity_type or aasm_state is unknown")
                    continue
                }
                guard let times = times(activity.createdAt, activity.updatedAt, line, "activities"),
                    named(activity.name, line, "activities")
                else { continue }
                activityNames[activity.uuid] = activity.name
                parse.account.activities.append(
                    ImportedActivity(
                        uuid: activity.uuid, name: activity.name, activityType: type, state: state, times: times))
            }
            for (line, item) in try elements(document, "goals") {
                guard let goal = decode(TimeMagicGoal.self, item, line: line, "goals") else { continue }
                guard let period = GoalPeriod(rawValue: goal.period) else {
                    reject(line, "goals", "period \(goal.period) is unknown")
                    continue
                }
                let onProject = goal.goalableType == "Project"
                guard !onProject || projectNames[goal.goalableUUID] != nil else {
                    reject(line, "goals", "its project \(goal.goalableUUID) is not in the document")
                    continue
                }
                guard let times = times(goal.createdAt, goal.updatedAt, line, "goals") else { continue }
                parse.account.goals.append(
                    ImportedGoal(
                        uuid: goal.uuid, projectUUID: onProject ? goal.goalableUUID : nil, text: goal.text,
                        period: period, beginDate: goal.beginDate, times: times))
            }
            for (line, item) in try elements(document, "estimations") {
                guard let estimation = decode(TimeMagicEstimation.self, item, line: line, "estimations"),
                    inDocument(
                        estimation.projectUUID, estimation.taskUUIDs, projectNames, taskNames, line, "estimations")
                else { continue }
                guard let state = RoadmapState(rawValue: estimation.roadmapState) else {
                    reject(line, "estimations", "roadmap_state \(estimation.roadmapState) is unknown")
                    continue
                }
                guard days([estimation.startsAt, estimation.endsAt], line, "estimations"),
                    titled(estimation.title, required: true, line, "estimations"),
                    let times = times(estimation.createdAt, estimation.updatedAt, line, "estimations")
                else { continue }
                parse.account.estimations.append(
                    ImportedEstimation(
                        uuid: estimation.uuid, projectUUID: estimation.projectUUID, title: estimation.title,
                        description: estimation.description, startsAt: estimation.startsAt, endsAt: estimation.endsAt,
                        roadmapState: state,
                        data: estimation.data.flatMap { try? FreeFormJSON.text($0, field: "data") },
                        taskUUIDs: estimation.taskUUIDs, times: times))
            }
            for (line, item) in try elements(document, "reports") {
                guard let report = decode(TimeMagicReport.self, item, line: line, "reports"),
                    inDocument(
                        report.projectUUID, report.selectedTaskUUIDs + report.excludedTaskUUIDs, projectNames,
                        taskNames, line, "reports"),
                    days([report.beginDate, report.endDate], line, "reports"),
                    titled(report.title, required: false, line, "reports"),
                    let times = times(report.createdAt, report.updatedAt, line, "reports")
                else { continue }
                parse.account.reports.append(
                    ImportedReport(
                        uuid: report.uuid, projectUUID: report.projectUUID, title: report.title,
                        description: report.description, beginDate: report.beginDate, endDate: report.endDate,
                        data: report.data.flatMap { try? FreeFormJSON.text($0, field: "data") },
                        selectedTaskUUIDs: report.selectedTaskUUIDs, excludedTaskUUIDs: report.excludedTaskUUIDs,
                        times: times))
            }
            for (line, item) in try elements(document, "time_entries") {
                guard let entry = decode(TimeMagicTimeEntry.self, item, line: line, "time_entries") else { continue }
                guard let endText = entry.endTime else {
                    parse.account.running += 1
                    continue
                }
                guard let begin = Timestamp.parse(entry.beginTime), let end = Timestamp.parse(endText), end >= begin
                else {
                    reject(line, "time_entries", "begin_time and end_time are not times in order")
                    continue
                }
                guard let times = times(entry.createdAt, entry.updatedAt, line, "time_entries") else { continue }
                var imported = ImportedEntry(
                    line: line, begin: begin, end: end, project: nil, task: nil, description: entry.comment,
                    key: entry.uuid, times: times)
                switch (entry.resourceType, entry.resourceUUID) {
                case ("Task", let uuid?):
                    guard let names = taskNames[uuid] else {
                        reject(line, "time_entries", "its task \(uuid) is not in the document")
                        continue
                    }
                    imported.project = names.project
                    imported.task = names.task
                case ("Activity", let uuid?):
                    guard let name = activityNames[uuid] else {
                        reject(line, "time_entries", "its activity \(uuid) is not in the document")
                        continue
                    }
                    imported.activity = name
                default: break
                }
                parse.entries.append(imported)
            }
            // The document lists entries newest first (ties: the later row first); written oldest
            // first, they are listed in the same order again.
            parse.entries.reverse()
            for (line, item) in try elements(document, "sessions") {
                guard let row = decode(SessionRow.self, item, line: line, "sessions") else { continue }
                guard let kind = SessionKind(rawValue: row.kind), let status = SessionStatus(rawValue: row.status)
                else {
                    reject(line, "sessions", "kind \(row.kind) or status \(row.status) is unknown")
                    continue
                }
                if status.isOpen {
                    parse.account.running += 1
                    continue
                }
                guard let start = Timestamp.parse(row.startUTC) else {
                    reject(line, "sessions", "start_utc is not a time")
                    continue
                }
                let end = row.endUTC.flatMap(Timestamp.parse)
                guard row.endUTC == nil || (end != nil && end! >= start) else {
                    reject(line, "sessions", "end_utc is not a time after start_utc")
                    continue
                }
                parse.account.sessions.append(
                    ImportedSession(
                        line: line, uuid: row.id, kind: kind, status: status, category: row.category, start: start,
                        end: end, durationMinutes: row.durationMinutes, project: row.project,
                        task: row.project == nil ? nil : row.task, note: row.note, pofScore: row.pofScore,
                        points: row.points, source: row.source))
            }
            return parse
        }

        mutating func times(_ created: String, _ updated: String, _ line: Int, _ key: String) -> RecordTimes? {
            guard let createdAt = Timestamp.parse(created), let updatedAt = Timestamp.parse(updated) else {
                reject(line, key, "created_at or updated_at is not a time")
                return nil
            }
            return RecordTimes(createdAt: createdAt, updatedAt: updatedAt)
        }

        /// Whether a plan's project and tasks are in the document (rejected when not).
        mutating func inDocument(
            _ project: String, _ tasks: [String], _ projects: [String: String],
            _ documentTasks: [String: (project: String, task: String)], _ line: Int, _ key: String
        ) -> Bool {
            guard projects[project] != nil else {
                reject(line, key, "its project \(project) is not in the document")
                return false
            }
            if let missing = tasks.first(where: { documentTasks[$0] == nil }) {
                reject(line, key, "its task \(missing) is not in the document")
                return false
            }
            return true
        }

        /// Whether every date given is a `YYYY-MM-DD` day (rejected when not).
        mutating func days(_ dates: [String?], _ line: Int, _ key: String) -> Bool {
            for case let date? in dates where date.count != 10 || LocalDate.bounds(of: date, timezone: .gmt) == nil {
                reject(line, key, "\(date) is not a YYYY-MM-DD date")
                return false
            }
            return true
        }

        /// Whether a title is one the server would take: an estimation's is required, a report's not.
        mutating func titled(_ title: String?, required: Bool, _ line: Int, _ key: String) -> Bool {
            let blank = (title ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            guard !(required && blank), (title ?? "").count <= TextLimits.name else {
                reject(line, key, "the title is blank or longer than \(TextLimits.name) characters")
                return false
            }
            return true
        }

        mutating func named(_ name: String, _ line: Int, _ key: String) -> Bool {
            guard !name.isEmpty, name.count <= TextLimits.name else {
                reject(line, key, "the name is empty or longer than \(TextLimits.name) characters")
                return false
            }
            return true
        }
    }

    struct TimeTaggerRecord: Decodable {
        var key: String
        var t1: Double
        var t2: Double
        var ds: String?
    }

    /// A session as `ExportWriter` writes it.
    struct SessionRow: Decodable {
        var id: String
        var startUTC: String
        var endUTC: String?
        var durationMinutes: Double?
        var kind: String
        var status: String
        var category: String?
        var project: String?
        var task: String?
        var note: String?
        var pofScore: Int?
        var points: Double?
        var source: String?

        enum CodingKeys: String, CodingKey {
            case id, kind, status, category, project, task, note, points, source
            case startUTC = "start_utc"
            case endUTC = "end_utc"
            case durationMinutes = "duration_minutes"
            case pofScore = "pof_score"
        }
    }

    /// For each top-level key whose value is an array, the line each of its elements starts on.
    static func elementLines(_ bytes: [UInt8]) -> [String: [Int]] {
        var lines: [String: [Int]] = [:]
        var line = 1
        var depth = 0
        var inString = false
        var escaped = false
        var stringStart = 0
        var lastKey = ""
        var current: String? = nil
        var awaitingElement = false
        for (index, byte) in bytes.enumerated() {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 1 { lastKey = String(decoding: bytes[stringStart..<index], as: UTF8.self) }
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\n"):
                line += 1
                continue
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                continue
            default: break
            }
            if awaitingElement, depth == 2, byte != UInt8(ascii: "]"), let key = current {
                lines[key, default: []].append(line)
                awaitingElement = false
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                stringStart = index + 1
            case UInt8(ascii: "{"):
                depth += 1
            case UInt8(ascii: "["):
                depth += 1
                if depth == 2 {
                    current = lastKey
                    awaitingElement = true
                }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth <= 1 {
                    current = nil
                    awaitingElement = false
                }
            case UInt8(ascii: ","):
                if depth == 2 { awaitingElement = true }
            default: break
            }
        }
        return lines
    }
}
