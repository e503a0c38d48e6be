import Foundation

/// The caller's sessions and time entries, a page at a time, for exports and the calendar feed.
public struct ExportService: Sendable {
    public enum Source: String, Sendable, CaseIterable {
        case sessions
        case timeEntries = "time_entries"
    }

    public let store: any ExportStore

    public init(store: any ExportStore) { self.store = store }

    public static let pageSize = 1_000

    public func check(_ filter: ExportFilter) throws {
        if let from = filter.from, let to = filter.to, from >= to {
            throw AppError.validation("from", "from must be before to")
        }
    }

    /// The next page after `cursor` (the first when nil).
    public func page(_ source: Source, of user: User, _ filter: ExportFilter, after cursor: ExportCursor?) async throws
        -> [ExportRow]
    {
        switch source {
        case .sessions:
            try await store.sessions(userId: user.id, filter, after: cursor, limit: Self.pageSize)
        case .timeEntries:
            try await store.timeEntries(userId: user.id, filter, after: cursor, limit: Self.pageSize)
        }
    }

    /// Hands `body` each page in order, from `first` (read by the caller beforehand, so that a
    /// failure is still an error answer) or from the start, until a page comes back short.
    public func eachPage(
        _ source: Source, of user: User, _ filter: ExportFilter, first: [ExportRow]? = nil,
        _ body: ([ExportRow]) async throws -> Void
    ) async throws {
        var page: [ExportRow]
        if let first { page = first } else { page = try await self.page(source, of: user, filter, after: nil) }
        while true {
            try await body(page)
            guard page.count == Self.pageSize, let last = page.last else { return }
            page = try await self.page(source, of: user, filter, after: last.cursor)
        }
    }
}
