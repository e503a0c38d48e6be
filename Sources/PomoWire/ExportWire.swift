import Foundation
import PomoCore

/// The rows of `/api/v1/exports/*` as CSV (RFC 4180: CRLF, quoted where needed, a header row)
/// or as a JSON array, written a page at a time.
public struct ExportWriter: Sendable {
    public static let columns = [
        "id", "start", "end", "start_utc", "end_utc", "duration_minutes", "kind", "status", "category", "project",
        "task", "note", "pof_score", "points", "source",
    ]

    /// The user's zone, in which `start` and `end` are written (with its offset at that time).
    let timezone: TimeZone

    public init(timezone: TimeZone) { self.timezone = timezone }

    public static var csvHeader: String { columns.joined(separator: ",") + "\r\n" }

    public func csv(_ rows: [ExportRow]) -> String {
        var out = ""
        out.reserveCapacity(rows.count * 200)
        for row in rows {
            out += values(row).map { Self.cell($0) }.joined(separator: ",")
            out += "\r\n"
        }
        return out
    }

    /// Each row as an object; `first` opens the array, `last` closes it.
    public func json(_ rows: [ExportRow], first: Bool) -> String {
        var out = first ? "[" : ""
        for (index, row) in rows.enumerated() {
            if !(first && index == 0) { out += "," }
            var writer = JSONWriter(capacity: 400)
            writer.object { json in
                for (column, value) in zip(Self.columns, values(row)) {
                    json.key(escaping: column)
                    switch value {
                    case .none: json.null()
                    case .text(let text): json.string(text)
                    case .number(let number): json.number(number)
                    }
                }
            }
            out += writer.text
        }
        return out
    }

    public static let jsonEnd = "]"

    enum Value {
        case none
        case text(String)
        case number(Double)
    }

    private func values(_ row: ExportRow) -> [Value] {
        func text(_ value: String?) -> Value { value.map(Value.text) ?? .none }
        func number(_ value: Double?) -> Value { value.map { .number(($0 * 100).rounded() / 100) } ?? .none }
        return [
            .text(row.id), .text(RFC3339.string(row.start, in: timezone)),
            text(row.end.map { RFC3339.string($0, in: timezone) }), .text(RFC3339.string(row.start, in: nil)),
            text(row.end.map { RFC3339.string($0, in: nil) }), number(row.durationMinutes),
            .text(row.kind), .text(row.status), text(row.category), text(row.project), text(row.task), text(row.note),
            number(row.pofScore.map(Double.init)), number(row.points), text(row.source),
        ]
    }

    /// A CSV cell. Text that a spreadsheet would read as a formula (it begins with `=`, `+`, `-`,
    /// `@`, a tab or a carriage return) is prefixed with `'`, so that opening an export runs
    /// nothing (OWASP's CSV injection rule); a cell with a comma, a quote or a line break is quoted.
    static func cell(_ value: Value) -> String {
        switch value {
        case .none: return ""
        case .number(let number):
            return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .text(var text):
            if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
            guard text.unicodeScalars.contains(where: { ",\"\n\r".unicodeScalars.contains($0) }) else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }
}

/// RFC 3339 times to the second, computed (the formatters of Foundation are not `Sendable`, and
/// an export writes four a row).
public enum RFC3339 {
    /// `2026-10-24T09:00:00+02:00` in `zone` at that instant, or `...Z` for UTC (nil).
    public static func string(_ date: Date, in zone: TimeZone?) -> String {
        let whole = Int64(date.timeIntervalSince1970.rounded(.down))
        let offset = zone.map { Int64($0.secondsFromGMT(for: date)) } ?? 0
        let local = whole + offset
        var days = local / 86_400
        var seconds = local % 86_400
        if seconds < 0 {
            seconds += 86_400
            days -= 1
        }
        // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        var text =
            pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(seconds / 3600, 2) + ":"
            + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
        guard zone != nil, offset != 0 || zone?.identifier != "GMT" else { return text + "Z" }
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        text += sign + pad(minutes / 60, 2) + ":" + pad(minutes % 60, 2)
        return text
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
