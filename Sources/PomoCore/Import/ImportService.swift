import Foundation

/// An entry to write, with the id that makes importing the same file twice add nothing.
public struct ResolvedEntry: Sendable, Equatable {
    public var uuid: String
    /// The file's own uuid (Pomo's documents): used when no row has it yet, so a round trip keeps
    /// ids; a row of the user's with it means the entry is imported already.
    public var originalUUID: String?
    public var line: Int
    public var begin: Date
    public var end: Date
    public var project: String?
    public var task: String?
    public var activity: String?
    public var description: String?
    public var times: RecordTimes?
}

/// A session to write: `uuid` as `ResolvedEntry`'s, with the importing user's zone and the
/// local date the session began on there.
public struct ResolvedSession: Sendable, Equatable {
    public var session: ImportedSession
    public var uuid: String
    public var timezone: String
    public var localDate: String
}

/// Everything an import writes, in one transaction.
public struct ImportPlan: Sendable, Equatable {
    public var entries: [ResolvedEntry] = []
    public var sessions: [ResolvedSession] = []
    /// The workspace of a Pomo document (its sessions are in `sessions`).
    public var account = ImportedAccount()
}

/// What an import did, or would do (`dryRun`).
public struct ImportResult: Sendable, Equatable {
    public var rows = 0
    public var projects = 0
    public var tasks = 0
    public var activities = 0
    public var goals = 0
    public var estimations = 0
    public var reports = 0
    public var timeEntries = 0
    public var sessions = 0
    /// Entries and sessions already imported before: left as they are.
    public var skipped = 0
    /// Running records, which are not imported.
    public var running = 0
    public var rejected: [ImportRejection] = []
    public var dryRun = false

    public init() {}
}

public protocol ImportStore: Sendable {
    /// Writes the entries, with the projects and tasks they name that the user does not have yet,
    /// in one transaction; with `dryRun` the transaction is rolled back and the counts are what
    /// it would have written. Throws (and writes nothing) past the user's project or task quota.
    func apply(_ plan: ImportPlan, userId: Int64, quotas: Quotas, dryRun: Bool, at now: Date) async throws
        -> ImportResult
}

/// Imports from other trackers: time entries, with their projects and tasks matched by name
/// (made when missing). A project without a task puts its entries on a task named "General";
/// an entry without a project keeps no project. Nothing is half-applied: a file with a row
/// that cannot be read imports nothing (a dry run lists every such row with its line).
public struct ImportService: Sendable {
    public let store: any ImportStore
    public let digester: any SecretDigester
    public let quotas: Quotas
    public let clock: any PomoClock

    public init(store: any ImportStore, digester: any SecretDigester, quotas: Quotas, clock: any PomoClock) {
        self.store = store
        self.digester = digester
        self.quotas = quotas
        self.clock = clock
    }

    public static let defaultTask = "General"

    public func run(_ text: String, as source: ImportSource, zone: TimeZone, dryRun: Bool, for user: User)
        async throws -> ImportResult
    {
        try await run(
            try ImportFormats.parse(text, as: source, zone: zone), as: source, zone: zone, dryRun: dryRun,
            for: user)
    }

    /// Writes what a file held (read by `ImportFormats`, or by the JSON readers of the server).
    public func run(_ parse: ImportParse, as source: ImportSource, zone: TimeZone, dryRun: Bool, for user: User)
        async throws -> ImportResult
    {
        if !dryRun, let first = parse.rejected.first {
            throw AppError(
                .unprocessable,
                "line \(first.line): \(first.reason) (\(parse.rejected.count) rows cannot be read; nothing was imported: "
                    + "a dry run lists them)",
                field: "file", code: "IMPORT_REJECTED",
                context: ["line": String(first.line), "rejected": String(parse.rejected.count)])
        }
        var plan = ImportPlan()
        plan.account = parse.account
        plan.account.sessions = []
        for index in plan.account.estimations.indices {
            plan.account.estimations[index].fallbackUUID = derivedUUID(
                ["import", source.rawValue, String(user.id), "estimation", plan.account.estimations[index].uuid])
        }
        for index in plan.account.reports.indices {
            plan.account.reports[index].fallbackUUID = derivedUUID(
                ["import", source.rawValue, String(user.id), "report", plan.account.reports[index].uuid])
        }
        plan.entries = parse.entries.map { entry in
            // Another tool's entry on a project without a task goes on the project's "General";
            // a Pomo entry is where its document put it.
            let task = entry.task ?? (entry.project == nil || entry.activity != nil ? nil : Self.defaultTask)
            return ResolvedEntry(
                uuid: uuid(of: entry, source: source, userId: user.id),
                originalUUID: source == .pomo ? entry.key : nil, line: entry.line, begin: entry.begin,
                end: entry.end, project: entry.project ?? (task == nil ? nil : "Imported"), task: task,
                activity: entry.activity, description: entry.description, times: entry.times)
        }
        plan.sessions = parse.account.sessions.map { session in
            ResolvedSession(
                session: session, uuid: derivedUUID(["import", source.rawValue, String(user.id), session.uuid]),
                timezone: zone.identifier, localDate: LocalDate.string(for: session.start, timezone: zone.identifier))
        }
        var result = try await store.apply(plan, userId: user.id, quotas: quotas, dryRun: dryRun, at: clock.now())
        result.rows = parse.rows
        result.rejected = parse.rejected
        result.running = parse.account.running
        result.dryRun = dryRun
        return result
    }

    /// The same row of the same file is the same entry: its id is made from what it holds.
    func uuid(of entry: ImportedEntry, source: ImportSource, userId: Int64) -> String {
        // A record with an id of its own is the same record however it was edited since.
        if let key = entry.key { return derivedUUID(["import", source.rawValue, String(userId), key]) }
        return derivedUUID([
            "import", source.rawValue, String(userId), String(Int64(entry.begin.timeIntervalSince1970)),
            String(Int64(entry.end.timeIntervalSince1970)), entry.project ?? "", entry.task ?? "",
            entry.description ?? "",
        ])
    }

    private func derivedUUID(_ parts: [String]) -> String {
        let hex = Array(digester.digest(parts.joined(separator: "\u{1F}")).prefix(32))
        func part(_ range: Range<Int>) -> String { String(hex[range]) }
        return [part(0..<8), part(8..<12), part(12..<16), part(16..<20), part(20..<32)].joined(separator: "-")
    }
}
