import Foundation
import PomoCore
import PomoWire

/// What the submit of a running focus session needs, kept on disk from the moment it starts
/// (`<config dir>/current.json`, 0600): a session whose end finds the server down is then queued
/// whole instead of lost, and `pomo complete` can finish it without asking the server for its plan.
public struct RunningFocus: Codable, Sendable, Equatable {
    public var sessionId: String
    public var category: String
    /// The project as the submit names it: a name, `team_N` or `personal_N`.
    public var project: String
    public var start: Date
    public var scheduledEnd: Date
    /// Started while the server could not be reached: the server has never seen the session.
    public var offline: Bool

    public init(
        sessionId: String, category: String, project: String, start: Date, scheduledEnd: Date, offline: Bool = false
    ) {
        self.sessionId = sessionId
        self.category = category
        self.project = project
        self.start = start
        self.scheduledEnd = scheduledEnd
        self.offline = offline
    }

    /// The submit for an end at `now`. Time past the planned end is not counted as focus: the
    /// session ends at its plan however late the note was typed, unless the user kept going,
    /// when every minute to `now` is sent as focus.
    public func submission(note: String, now: Date, source: String, keptGoing: Bool = false) -> GameSubmitRequest {
        let end = max(start.addingTimeInterval(1), keptGoing ? now : min(now, scheduledEnd))
        let minutes = (end.timeIntervalSince(start) / 60 * 100).rounded() / 100
        return GameSubmitRequest(
            start: start, end: end, duration: minutes, category: category, project: project, note: note,
            source: source, sessionId: sessionId, keptGoing: keptGoing && now > scheduledEnd)
    }

    static func file(_ environment: [String: String]) -> URL {
        ClientConfig.directory(environment: environment).appendingPathComponent("current.json")
    }

    public func save(_ environment: [String: String]) throws {
        let file = Self.file(environment)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        try encoder.encode(self).write(to: file, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
    }

    public static func load(_ environment: [String: String]) -> RunningFocus? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return (try? Data(contentsOf: file(environment))).flatMap { try? decoder.decode(RunningFocus.self, from: $0) }
    }

    public static func clear(_ environment: [String: String]) {
        try? FileManager.default.removeItem(at: file(environment))
    }
}
