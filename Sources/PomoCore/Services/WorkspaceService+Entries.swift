import Foundation

extension WorkspaceService {
    /// One page of the user's entries, newest first; the list answers every entry a page at a time.
    public func entries(for user: User, after: TimeEntry? = nil, limit: Int = 1_000) async throws -> [TimeEntry] {
        try await stores.entries.entries(userId: user.id, after: after, limit: limit)
    }

    /// A page of `entries` as rows (`TimeEntryStore.scan`), for an answer written from them.
    public func scanEntries(
        for user: User, after: EntryCursor?, limit: Int, _ body: @escaping @Sendable (any ColumnRow) throws -> Void
    ) async throws {
        try await stores.entries.scan(userId: user.id, after: after, limit: limit, body)
    }

    public func entry(_ uuid: String, for user: User) async throws -> TimeEntry {
        try await Self.owned(uuid, user, stores.entries.entry)
    }

    /// A `resource_id` that is not one of the user's tasks or activities leaves the entry
    /// unattached: the reference's silent fallback, kept so its clients behave the same.
    public func createEntry(_ new: NewTimeEntry, for user: User) async throws -> TimeEntry {
        try TimeEntryRules.checkInstant(new.begin, field: "begin_time")
        _ = try Validate.length(new.comment, field: "comment")
        if let end = new.end { try TimeEntryRules.checkInstant(end, field: "end_time") }
        let (end, duration) = try TimeEntryRules.times(begin: new.begin, end: new.end, duration: new.durationSeconds)
        let now = clock.now()
        return try await stores.entries.insert(
            TimeEntry(
                id: 0, uuid: Self.newUUID(), userId: user.id, resource: try await resource(of: new, for: user),
                focusSessionId: nil, begin: new.begin, end: end, durationSeconds: duration, comment: new.comment,
                createdAt: now, updatedAt: now))
    }

    public func updateEntry(_ uuid: String, _ changes: TimeEntryChanges, for user: User) async throws -> TimeEntry {
        var entry = try await entry(uuid, for: user)
        if case .clear = changes.begin { throw AppError.validation("begin_time", "can't be blank") }
        entry.begin = changes.begin.applied(to: entry.begin) ?? entry.begin
        try TimeEntryRules.checkInstant(entry.begin, field: "begin_time")
        entry.end = changes.end.applied(to: entry.end)
        if let end = entry.end { try TimeEntryRules.checkInstant(end, field: "end_time") }
        (entry.end, entry.durationSeconds) = try TimeEntryRules.times(begin: entry.begin, end: entry.end, duration: nil)
        entry.comment = try Validate.length(changes.comment.applied(to: entry.comment), field: "comment")
        entry.updatedAt = clock.now()
        try await stores.entries.update(entry)
        return entry
    }

    public func deleteEntry(_ uuid: String, for user: User) async throws {
        try await stores.entries.delete(entryId: try await entry(uuid, for: user).id)
    }

    private func resource(of new: NewTimeEntry, for user: User) async throws -> TimeEntryResource? {
        guard let kind = new.resourceKind, let uuid = new.resourceUUID?.lowercased() else { return nil }
        switch kind {
        case .task:
            return try await stores.tasks.task(uuid: uuid, userId: user.id).map {
                TimeEntryResource(kind: .task, id: $0.id, uuid: $0.uuid)
            }
        case .activity:
            return try await stores.activities.activity(uuid: uuid, userId: user.id).map {
                TimeEntryResource(kind: .activity, id: $0.id, uuid: $0.uuid)
            }
        }
    }
}
