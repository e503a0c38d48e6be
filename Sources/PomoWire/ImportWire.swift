import Foundation

/// The answer of `POST /api/v1/imports`: what was (or, in a dry run, would be) created.
public struct ImportResultDTO: Codable, Sendable {
    public struct Counts: Codable, Sendable {
        public var projects: Int
        public var tasks: Int
        public var activities: Int
        public var goals: Int
        public var estimations: Int
        public var reports: Int
        public var timeEntries: Int
        public var sessions: Int

        public init(
            projects: Int, tasks: Int, activities: Int, goals: Int, estimations: Int, reports: Int, timeEntries: Int,
            sessions: Int
        ) {
            self.projects = projects
            self.tasks = tasks
            self.activities = activities
            self.goals = goals
            self.estimations = estimations
            self.reports = reports
            self.timeEntries = timeEntries
            self.sessions = sessions
        }

        enum CodingKeys: String, CodingKey {
            case projects, tasks, activities, goals, estimations, reports, sessions
            case timeEntries = "time_entries"
        }

        /// The counts a server before estimations and reports were imported leaves out are 0, so a
        /// newer `pomo` still reads its answer.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            projects = try container.decode(Int.self, forKey: .projects)
            tasks = try container.decode(Int.self, forKey: .tasks)
            activities = try container.decode(Int.self, forKey: .activities)
            goals = try container.decode(Int.self, forKey: .goals)
            estimations = try container.decodeIfPresent(Int.self, forKey: .estimations) ?? 0
            reports = try container.decodeIfPresent(Int.self, forKey: .reports) ?? 0
            timeEntries = try container.decode(Int.self, forKey: .timeEntries)
            sessions = try container.decode(Int.self, forKey: .sessions)
        }
    }

    public struct Rejected: Codable, Sendable {
        public var line: Int
        public var reason: String

        public init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }
    }

    public var from: String
    public var dryRun: Bool
    public var rows: Int
    public var created: Counts
    /// Already imported: left as they are.
    public var skipped: Int
    /// Records still running in the file: not imported.
    public var running: Int
    public var rejected: [Rejected]

    public init(
        from: String, dryRun: Bool, rows: Int, created: Counts, skipped: Int, running: Int, rejected: [Rejected]
    ) {
        self.from = from
        self.dryRun = dryRun
        self.rows = rows
        self.created = created
        self.skipped = skipped
        self.running = running
        self.rejected = rejected
    }

    enum CodingKeys: String, CodingKey {
        case from, rows, created, skipped, running, rejected
        case dryRun = "dry_run"
    }
}
