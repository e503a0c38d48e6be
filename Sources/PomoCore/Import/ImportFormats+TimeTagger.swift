import Foundation

extension ImportFormats {
    /// TimeTagger's export table: `key`, `start`, `stop`, `tags`, `description`.
    static func timetagger(_ records: [CSVReader.Record], _ columns: Columns, zone: TimeZone) throws -> ImportParse {
        let names = ["key", "start", "stop", "description"]
        let found = names.map { columns.find([$0]) }
        let missing = zip(names, found).filter { $0.1 == nil }.map(\.0)
        guard missing.isEmpty else {
            throw AppError(
                .unprocessable,
                "line 1: this is not a timetagger export: no \(missing.joined(separator: " or ")) column",
                field: "file")
        }
        var parse = ImportParse()
        for record in records.dropFirst() {
            let values = found.map { columns.value(record.fields, $0).trimmingWhitespace() }
            let line = record.line
            guard let start = timetaggerTime(values[1], zone: zone) else {
                parse.rejected.append(ImportRejection(line: line, reason: "start is not a time"))
                continue
            }
            guard let stop = timetaggerTime(values[2], zone: zone) else {
                parse.rejected.append(ImportRejection(line: line, reason: "stop is not a time"))
                continue
            }
            timetaggerRecord(line: line, key: values[0], start: start, stop: stop, description: values[3], into: &parse)
        }
        return parse
    }

    /// One TimeTagger record, from the table or the API's JSON. A record whose stop equals its
    /// start is running (TimeTagger's own rule) and is left out; the first `#tag` of the
    /// description names the project.
    public static func timetaggerRecord(
        line: Int, key: String, start: Date, stop: Date, description: String, into parse: inout ImportParse
    ) {
        func reject(_ reason: String) { parse.rejected.append(ImportRejection(line: line, reason: reason)) }
        guard !key.isEmpty, key.count <= 64 else { return reject("the key is empty or longer than 64 characters") }
        guard stop != start else {
            parse.account.running += 1
            return
        }
        guard stop > start else { return reject("the stop is before the start") }
        guard stop.timeIntervalSince(start) <= 86_400 * 7 else { return reject("longer than 7 days") }
        guard description.count <= TextLimits.text else {
            return reject("the description is longer than \(TextLimits.text) characters")
        }
        let project = timetaggerTags(description).first
        if let project, project.count > TextLimits.name {
            return reject("a tag is longer than \(TextLimits.name) characters")
        }
        parse.entries.append(
            ImportedEntry(
                line: line, begin: start, end: stop, project: project, task: nil,
                description: description.isEmpty ? nil : description, key: key))
    }

    /// `#tags` in a description, in order, without the `#`: a tag runs to the next space or `#`.
    static func timetaggerTags(_ description: String) -> [String] {
        var tags: [String] = []
        var current: String? = nil
        for character in description + " " {
            if character == "#" || character.isWhitespace {
                if let tag = current, !tag.isEmpty { tags.append(tag) }
                current = character == "#" ? "" : nil
            } else if current != nil {
                current!.append(character)
            }
        }
        return tags
    }

    /// `2024-01-15 09:00:00` (local to `zone`), Unix seconds, or ISO 8601 with `Z` or an offset
    /// (`+0100` as TimeTagger writes it, or `+01:00`).
    static func timetaggerTime(_ text: String, zone: TimeZone) -> Date? {
        if let seconds = Double(text), seconds.isFinite, abs(seconds) < 1e11 {
            return Date(timeIntervalSince1970: seconds)
        }
        let separator = text.firstIndex { $0 == " " || $0 == "T" }
        guard let separator else { return nil }
        guard let day = day(String(text[..<separator]), dayFirst: false) else { return nil }
        var clockText = String(text[text.index(after: separator)...])
        var offset: Int? = nil
        if clockText.hasSuffix("Z") {
            offset = 0
            clockText.removeLast()
        } else if let sign = clockText.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let digits = clockText[clockText.index(after: sign)...].filter { $0 != ":" }
            guard digits.count == 4, let hhmm = Int(digits) else { return nil }
            offset = (hhmm / 100 * 3600 + hhmm % 100 * 60) * (clockText[sign] == "-" ? -1 : 1)
            clockText = String(clockText[..<sign])
        }
        guard let seconds = clock(clockText) else { return nil }
        if let offset {
            guard let utc = instant(day, seconds, .gmt) else { return nil }
            return utc.addingTimeInterval(TimeInterval(-offset))
        }
        return instant(day, seconds, zone)
    }
}
