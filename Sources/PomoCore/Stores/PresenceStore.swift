import Foundation

/// Someone in one of the caller's teams (or the caller) who is focusing right now.
public struct FocusingMember: Sendable, Equatable {
    public var username: String
    public var category: String?
    /// The team project they work on; a personal project's name stays private.
    public var project: String?
    public var endsAt: String?

    public init(username: String, category: String?, project: String?, endsAt: String?) {
        self.username = username
        self.category = category
        self.project = project
        self.endsAt = endsAt
    }
}

public protocol PresenceStore: Sendable {
    /// The caller and their active teammates in an open work session (the same rule as the
    /// "focusing now" count), by username.
    func focusingTeammates(of userId: Int64, at now: Date) async throws -> [FocusingMember]
    /// The users who share an active team with any of `userIds`, and those users themselves.
    func teammates(of userIds: Set<Int64>) async throws -> Set<Int64>
}
