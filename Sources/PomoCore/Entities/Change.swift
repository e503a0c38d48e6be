import Foundation

/// One change a user can see, as the change log keeps it: written in the transaction of the
/// write it describes, so there is no acknowledged write without its change and no change of a
/// write that rolled back.
public struct Change: Sendable, Equatable {
    public var cursor: ChangeCursor
    /// Whose change it is.
    public var userId: Int64
    /// `session.completed`, `task.deleted`, …: the entity type, a dot, what happened.
    public var kind: String
    public var entityType: String
    /// The entity's public id (a uuid; a team's slug and username for a membership).
    public var entityId: String
    public var at: Date
    /// The entity after the change as JSON, in its dialect's shape; nil for a deletion.
    public var data: String?

    /// Whether someone started or stopped focusing (a session's status changed), which is what
    /// "N people focusing right now" and a team's presence follow.
    public var changesPresence: Bool { entityType == "session" && !kind.hasSuffix(".updated") }

    public init(
        cursor: ChangeCursor, userId: Int64, kind: String, entityType: String, entityId: String, at: Date,
        data: String?
    ) {
        self.cursor = cursor
        self.userId = userId
        self.kind = kind
        self.entityType = entityType
        self.entityId = entityId
        self.at = at
        self.data = data
    }
}

/// Where a reader of the change log stands. Changes are read in (transaction, id) order, and
/// only those whose transaction is older than every transaction still running: a change that
/// commits later can then never sort before one already read (PostgreSQL numbers rows before
/// they commit; SQLite commits in id order, and its transaction number is always 0).
public struct ChangeCursor: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var transaction: Int64
    public var id: Int64

    public init(transaction: Int64, id: Int64) {
        self.transaction = transaction
        self.id = id
    }

    /// Before every change.
    public static let start = ChangeCursor(transaction: 0, id: 0)

    /// `<transaction>.<id>`: opaque to clients, which send it back as they got it.
    public var description: String { "\(transaction).\(id)" }

    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let transaction = Int64(parts[0]), let id = Int64(parts[1]), transaction >= 0, id >= 0
        else { return nil }
        self.init(transaction: transaction, id: id)
    }

    public static func < (lhs: ChangeCursor, rhs: ChangeCursor) -> Bool {
        (lhs.transaction, lhs.id) < (rhs.transaction, rhs.id)
    }
}

/// The change log, read side.
public protocol ChangeFeedStore: Sendable {
    /// The user's changes after `cursor`, oldest first, at most `limit`.
    func changes(userId: Int64, after cursor: ChangeCursor, limit: Int) async throws -> [Change]
    /// Everyone's changes after `cursor` (the server's fan-out to its event streams).
    func changes(after cursor: ChangeCursor, limit: Int) async throws -> [Change]
    /// Where the log ends now: a reader starting here sees every change still to come.
    func end() async throws -> ChangeCursor
    /// The last change pruned (`POMO_CHANGE_RETENTION_DAYS`), nil while none was: a reader
    /// after an earlier cursor would miss changes, and is told so instead.
    func prunedThrough() async throws -> ChangeCursor?
}

extension ChangeFeedStore {
    /// Refuses `cursor` when changes after it were pruned: the client reads the state again and
    /// follows the feed from its end.
    public func checkResumable(after cursor: ChangeCursor) async throws {
        guard let pruned = try await prunedThrough(), cursor < pruned else { return }
        throw AppError(
            .gone, "Changes before \(pruned) are no longer kept: read the current state, then follow from now",
            code: "CURSOR_EXPIRED", context: ["oldest": pruned.description])
    }
}
