import Foundation

/// What a report groups completed work sessions by.
public enum ReportGrouping: String, Sendable, CaseIterable, Codable {
    case day
    case project
    case category
}

/// One group of a report: completed work sessions and their minutes and points.
public struct ReportRow: Sendable, Equatable, Codable {
    public var key: String
    public var sessions: Int
    public var minutes: Double
    public var points: Double

    public init(key: String, sessions: Int, minutes: Double, points: Double) {
        self.key = key
        self.sessions = sessions
        self.minutes = minutes
        self.points = points
    }
}

public protocol ReportStore: Sendable {
    /// The user's completed work sessions whose local date is in `from...to` (`YYYY-MM-DD`),
    /// grouped, ordered by key.
    func summary(userId: Int64, from: String, to: String, by grouping: ReportGrouping) async throws -> [ReportRow]
}
