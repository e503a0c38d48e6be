import Foundation

/// What the terminal shows while a session runs: pure functions of the time left, so they are
/// tested without a terminal or a clock.
public enum Countdown {
    /// `24:59`, or `1:02:03` past an hour. Never negative.
    public static func clock(_ seconds: Int) -> String {
        let s = max(0, seconds)
        let (h, m, sec) = (s / 3600, (s % 3600) / 60, s % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, sec) : String(format: "%02d:%02d", m, sec)
    }

    /// One full-width line: label, time left, a progress bar and the percentage done.
    /// `Focus · Site   12:34  [██████████░░░░░░░░░░]  51%`
    public static func line(label: String, remaining: TimeInterval, total: TimeInterval, width: Int) -> String {
        let done = total > 0 ? min(1, max(0, 1 - remaining / total)) : 1
        let percent = "  " + String(format: "%3d%%", Int((done * 100).rounded(.down)))
        let time = "  \(clock(Int(remaining.rounded(.up))))  "
        var shown = label
        var barWidth = width - shown.count - time.count - percent.count - 2
        if barWidth < 10 {
            // A narrow terminal: the label gives way first, so the time, the bar's end and the
            // percentage stay on the line.
            let room = width - time.count - percent.count - 12
            shown = room >= 2 ? String(label.prefix(room - 1)) + "…" : ""
            barWidth = max(0, width - shown.count - time.count - percent.count - 2)
        }
        let filled = Int((Double(barWidth) * done).rounded(.down))
        let bar =
            barWidth > 0
            ? "[" + String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled) + "]" : ""
        let text = shown + time + bar + percent
        return text.count > width ? String(text.suffix(max(0, width))) : text
    }

    /// The line written when stdout is not a terminal: one per whole minute left.
    public static func plain(label: String, remaining: TimeInterval) -> String {
        let minutes = Int((remaining / 60).rounded(.up))
        return "\(label): \(minutes) min left"
    }

    /// Whether a plain line is due: at the start and each time the minutes left drop.
    public static func plainLineDue(previous: TimeInterval?, remaining: TimeInterval) -> Bool {
        guard let previous else { return true }
        return Int((previous / 60).rounded(.up)) != Int((remaining / 60).rounded(.up))
    }

    /// `█▌` style bar of `value / max` in `width` cells, for the week chart.
    public static func bar(_ value: Double, max maximum: Double, width: Int) -> String {
        guard maximum > 0, value > 0 else { return "" }
        let cells = Swift.max(1, Int((value / maximum * Double(width)).rounded()))
        return String(repeating: "█", count: Swift.min(width, cells))
    }
}
