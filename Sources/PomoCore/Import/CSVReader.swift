import Foundation

/// RFC 4180 records: fields separated by commas (or another separator), quoted with `"` when
/// they hold separators, quotes (doubled) or line breaks; lines end in CRLF or LF. Each record
/// carries the file line it starts on (the header is line 1).
public enum CSVReader {
    public struct Record: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
    }

    public struct Failure: Error, Equatable {
        public var line: Int
        public var reason: String
    }

    public static func records(_ text: String, separator: Character = ",", limit: Int) throws -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var atFieldStart = true
        var line = 1
        var recordLine = 1
        var iterator = (text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text).unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        let sep = separator.unicodeScalars.first!

        func endRecord() throws {
            fields.append(field)
            field = ""
            atFieldStart = true
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Record(line: recordLine, fields: fields))
                if records.count > limit { throw Failure(line: recordLine, reason: "more than \(limit - 1) rows") }
            }
            fields = []
        }

        while let scalar = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if scalar == "\"" {
                    let next = iterator.next()
                    if next == "\"" {
                        field.unicodeScalars.append("\"")
                    } else {
                        quoted = false
                        pending = next
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where atFieldStart:
                quoted = true
                atFieldStart = false
            case sep:
                fields.append(field)
                field = ""
                atFieldStart = true
            case "\r":
                let next = iterator.next()
                if next != "\n" { pending = next }
                try endRecord()
                line += 1
                recordLine = line
            case "\n":
                try endRecord()
                line += 1
                recordLine = line
            default:
                field.unicodeScalars.append(scalar)
                atFieldStart = false
            }
        }
        if quoted { throw Failure(line: recordLine, reason: "a quoted field is not closed") }
        if !field.isEmpty || !fields.isEmpty { try endRecord() }
        return records
    }
}
