import Foundation

/// A span in which a URL blocker should block (TaskWorks `blocks/windows`).
public struct BlockWindow: Sendable, Equatable {
    public var start: Date
    public var end: Date
    /// `pomodoro`, or `task:<title>`.
    public var reason: String

    public init(start: Date, end: Date, reason: String) {
        self.start = start
        self.end = end
        self.reason = reason
    }
}

/// Windows for one local day: running or planned work sessions, and the day's unfinished tasks
/// whose time label names a time (REFERENCE.md proposal 4.2.6).
public enum BlockWindows {
    /// How long a task labelled with a single time ("7:00", "朝 7時") blocks.
    public static let taskLength: TimeInterval = 3600

    public static func windows(
        date: String, timezone: TimeZone, sessions: [FocusSession], tasks: [DailyTask], focusOnly: Bool, merge: Bool
    ) -> [BlockWindow]? {
        guard let (dayStart, dayEnd) = LocalDate.bounds(of: date, timezone: timezone) else { return nil }
        var windows: [BlockWindow] = sessions.compactMap { session in
            guard session.kind == .work, session.status.isOpen else { return nil }
            let end =
                session.scheduledEndAt ?? session.startedAt.addingTimeInterval((session.plannedMinutes ?? 25) * 60)
            let start = max(session.startedAt, dayStart)
            let clipped = min(end, dayEnd)
            return start < clipped ? BlockWindow(start: start, end: clipped, reason: "pomodoro") : nil
        }
        if !focusOnly {
            windows += tasks.compactMap { task in
                guard !task.isDone, let label = task.timeLabel, let (from, to) = timeRange(label) else { return nil }
                return BlockWindow(
                    start: dayStart.addingTimeInterval(from), end: dayStart.addingTimeInterval(to ?? from + taskLength),
                    reason: "task:\(task.title)")
            }
        }
        windows.sort { ($0.start, $0.end) < ($1.start, $1.end) }
        return merge ? merged(windows) : windows
    }

    /// Overlapping or touching windows become one; the reasons are joined.
    static func merged(_ windows: [BlockWindow]) -> [BlockWindow] {
        var out: [BlockWindow] = []
        for window in windows {
            if var last = out.last, window.start <= last.end {
                last.end = max(last.end, window.end)
                if !last.reason.split(separator: ",").contains(Substring(window.reason)) {
                    last.reason += "," + window.reason
                }
                out[out.count - 1] = last
            } else {
                out.append(window)
            }
        }
        return out
    }

    /// Seconds after midnight: "HH:MM-HH:MM" (or with 〜/~), "HH:MM", or "N時" / "N時M分".
    static func timeRange(_ label: String) -> (TimeInterval, TimeInterval?)? {
        let times = clockTimes(in: label)
        if times.count >= 2, times[1] > times[0] { return (times[0], times[1]) }
        if let first = times.first { return (first, nil) }
        return nil
    }

    private static func clockTimes(in label: String) -> [TimeInterval] {
        var result: [TimeInterval] = []
        let scalars = Array(label)
        var index = 0
        while index < scalars.count {
            guard scalars[index].isASCII, scalars[index].isNumber else {
                index += 1
                continue
            }
            var digits = ""
            while index < scalars.count, scalars[index].isASCII, scalars[index].isNumber {
                digits.append(scalars[index])
                index += 1
            }
            guard let hour = Int(digits), hour < 24 else { continue }
            var minute = 0
            if index < scalars.count, scalars[index] == ":" || scalars[index] == "時" {
                let separator = scalars[index]
                var next = index + 1
                var minuteDigits = ""
                while next < scalars.count, scalars[next].isASCII, scalars[next].isNumber {
                    minuteDigits.append(scalars[next])
                    next += 1
                }
                if separator == ":" && minuteDigits.isEmpty { continue }
                if let value = Int(minuteDigits), value < 60 { minute = value }
                index = next
                result.append(TimeInterval(hour * 3600 + minute * 60))
            }
        }
        return result
    }
}
