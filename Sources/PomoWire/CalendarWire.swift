import Foundation
import PomoCore

/// An iCalendar (RFC 5545) feed of focus sessions and time entries: UTC times, stable UIDs
/// (the row's id), CRLF lines folded at 75 octets, TEXT escaped.
public struct ICalendarWriter: Sendable {
    public let name: String

    public init(name: String) { self.name = name }

    public func header() -> String {
        [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Pomo//Pomo \(PomoVersion.current)//EN", "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH", "X-WR-CALNAME:" + Self.text(name),
        ].map(Self.fold).joined()
    }

    public static let footer = fold("END:VCALENDAR")

    /// A completed or running work session (a break or a cancelled session is not an event).
    public func session(_ row: ExportRow, now: Date) -> String? {
        guard row.kind == "work", row.status == "completed" || row.status == "active" else { return nil }
        let running = row.status == "active"
        let end = row.end ?? row.scheduledEnd ?? now
        let title = ["Focus", row.category, row.project].compactMap { $0?.isEmpty == false ? $0 : nil }
            .joined(separator: " · ")
        var details: [String] = []
        if running { details.append("Running") }
        if let note = row.note, !note.isEmpty { details.append(note) }
        if let score = row.pofScore { details.append("Proof of Focus \(score)") }
        return event(
            uid: row.id, start: row.start, end: max(end, row.start.addingTimeInterval(60)), stamp: row.updatedAt,
            summary: title, description: details.joined(separator: "\n"), tentative: running)
    }

    public func timeEntry(_ row: ExportRow, now: Date) -> String {
        let end = row.end ?? now
        let title = [row.task, row.project].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: " · ")
        return event(
            uid: row.id, start: row.start, end: max(end, row.start.addingTimeInterval(60)), stamp: row.updatedAt,
            summary: title.isEmpty ? "Time entry" : title, description: row.note ?? "", tentative: row.end == nil)
    }

    private func event(
        uid: String, start: Date, end: Date, stamp: Date, summary: String, description: String, tentative: Bool
    ) -> String {
        var lines = [
            "BEGIN:VEVENT", "UID:\(uid)@pomo", "DTSTAMP:" + Self.time(stamp), "DTSTART:" + Self.time(start),
            "DTEND:" + Self.time(end), "SUMMARY:" + Self.text(summary),
            "STATUS:" + (tentative ? "TENTATIVE" : "CONFIRMED"),
            "TRANSP:OPAQUE",
        ]
        if !description.isEmpty { lines.append("DESCRIPTION:" + Self.text(description)) }
        lines.append("END:VEVENT")
        return lines.map(Self.fold).joined()
    }

    /// `20261024T070000Z`.
    static func time(_ date: Date) -> String {
        let calendar = Calendar(identifier: .gregorian)
        let parts = calendar.dateComponents(in: .gmt, from: date)
        return String(
            format: "%04d%02d%02dT%02d%02d%02dZ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0,
            parts.minute ?? 0, parts.second ?? 0)
    }

    /// TEXT: backslash, semicolon, comma and line breaks escaped; other control characters dropped.
    static func text(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": continue
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A content line, folded so that no line is longer than 75 octets (never inside a UTF-8
    /// sequence), ending in CRLF.
    static func fold(_ line: String) -> String {
        var out = ""
        var width = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if width + size > 75 {
                out += "\r\n "
                width = 1
            }
            out.unicodeScalars.append(scalar)
            width += size
        }
        return out + "\r\n"
    }
}
