import Foundation

/// An entry to write, with the id that makes importing the same file twice add nothing.
public struct ResolvedEntry: Sendable, Equatable {
    public var uuid: String
    public var line: Int
    public var begin: Date
    public var end: Date
    public var project: String?
    public var task: String?
    public var description: String?
}

/// What an import did, or would do (`dryRun`).
public struct ImportResult: Sendable, Equatable {
    public var rows = 0
    public var projects = 0
    public var tasks = 0
    public var timeEntries = 0
    /// Entries already imported before: left as they are.
    public var skipped = 0
    public var rejected: [ImportRejection] = []
    public var dryRun = false

    public init() {}
}

public protocol ImportStore: Sendable {
    /// Writes the entries, with the projects and tasks they name that the user does not have yet,
    /// in one transaction; with `dryRun` the transaction is rolled back and the counts are what
    /// it would have written. Throws (and writes nothing) past the user's project or task quota.
    func apply(_ entries: [ResolvedEntry], userId: Int64, quotas: Quotas, dryRun: Bool, at now: Date) async throws
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
        let parse = try ImportFormats.parse(text, as: source, zone: zone)
        if !dryRun, let first = parse.rejected.first {
            throw AppError(
                .unprocessable,
                "line \(first.line): \(first.reason) (\(parse.rejected.count) rows cannot be read; nothing was imported: "
                    + "a dry run lists them)",
                field: "file", code: "IMPORT_REJECTED",
                context: ["line": String(first.line), "rejected": String(parse.rejected.count)])
        }
        let entries = parse.entries.map { entry in
            let task = entry.task ?? (entry.project == nil ? nil : Self.defaultTask)
            return ResolvedEntry(
                uuid: uuid(of: entry, source: source, userId: user.id), line: entry.line, begin: entry.begin,
                end: entry.end, project: entry.project ?? (task == nil ? nil : "Imported"), task: task,
                description: entry.description)
        }
        var result = try await store.apply(entries, userId: user.id, quotas: quotas, dryRun: dryRun, at: clock.now())
        result.rows = parse.entries.count + parse.rejected.count
        result.rejected = parse.rejected
        result.dryRun = dryRun
        return result
    }

    /// The same row of the same file is the same entry: its id is made from what it holds.
    func uuid(of entry: ImportedEntry, source: ImportSource, userId: Int64) -> String {
        let key = [
            "import", source.rawValue, String(userId), String(Int64(entry.begin.timeIntervalSince1970)),
            String(Int64(entry.end.timeIntervalSince1970)), entry.project ?? "", entry.task ?? "",
            entry.description ?? "",
        ].joined(separator: "\u{1F}")
        let hex = Array(digester.digest(key).prefix(32))
        func part(_ range: Range<Int>) -> String { String(hex[range]) }
        return [part(0..<8), part(8..<12), part(12..<16), part(16..<20), part(20..<32)].joined(separator: "-")
    }
}
