import Foundation

public struct TeamNotification: Sendable, Equatable {
    public var id: Int64
    public var event: String
    public var text: String
    public var url: String
    public var attempts: Int

    public init(id: Int64, event: String, text: String, url: String, attempts: Int) {
        self.id = id
        self.event = event
        self.text = text
        self.url = url
        self.attempts = attempts
    }
}

public protocol NotificationStore: Sendable {
    /// Stores a notification for a team project; it is due at once when the project has an
    /// active webhook, and kept as `stored` otherwise. Returns whether one is due.
    func enqueue(projectId: Int64, teamId: Int64, userId: Int64, event: String, text: String, at now: Date)
        async throws -> Bool
    /// Takes up to `limit` due notifications for delivery: they are not due again for `lease`
    /// (so two deliverers never take the same one, and a crashed one's work is retried).
    func claimDue(limit: Int, at now: Date, lease: TimeInterval) async throws -> [TeamNotification]
    func markDelivered(id: Int64, at now: Date) async throws
    /// `retryAt` nil gives up: the notification stays `failed`.
    func markFailed(id: Int64, error: String, retryAt: Date?, at now: Date) async throws
}

/// When a failed delivery is tried again: 5 s, 30 s, 2 min, 10 min, then never.
public enum NotificationRetry {
    public static let delays: [TimeInterval] = [5, 30, 120, 600]

    public static func next(afterAttempt attempts: Int, at now: Date) -> Date? {
        attempts <= delays.count ? now.addingTimeInterval(delays[attempts - 1]) : nil
    }
}
