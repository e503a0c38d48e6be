import Foundation

/// A task as a day's checklist sees it: how often it should be done that day and how often it was.
public struct DailyTask: Sendable, Equatable {
    public var uuid: String
    public var title: String
    public var timeLabel: String?
    public var target: Int
    public var completed: Int

    public init(uuid: String, title: String, timeLabel: String?, target: Int, completed: Int) {
        self.uuid = uuid
        self.title = title
        self.timeLabel = timeLabel
        self.target = target
        self.completed = completed
    }

    public var isDone: Bool { completed >= target }
}
