import Foundation
import PomoCore
import PomoWire
import Testing

/// Every `JSONWritable` must write what its `Encodable` conformance gives through the encoder
/// Pomo uses for it: byte for byte for HTTP answers (sorted keys, slashes unescaped), the same
/// object for stored POF factors.
@Suite struct JSONWriterTests {
    static let answerEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }()

    /// Text with everything the encoder escapes or leaves alone: quotes, backslashes, slashes,
    /// every control character, DEL, line separators, accents, emoji.
    static let awkwardText: [String] = [
        "", "Work", "a/b", "quote \" backslash \\", "Fokus 🍅 — naïve 中文", "\u{7F}\u{2028}\u{2029}",
        String(decoding: (0..<32).map { UInt8($0) }, as: UTF8.self), "tab\tnew\nline\r\u{8}\u{C}",
    ]

    static let numbers: [Double] = [
        0, -0.0, 1, 25, 25.5, 0.8, 0.1 + 0.2, 1e-7, 2.5e-5, 1e16, 1e20, 123_456_789_012_345_678, 1.7976931348623157e308,
        .leastNonzeroMagnitude, -240, 0.85 * 0.9,
    ]

    static let pomodoro = #"""
        {"id":1,"duration":25,"category":"Work","project":"Pomo","source":"mac_app","start_time":"2025-08-23T14:30:00Z",
        "end_time":"2025-08-23T14:55:00Z","points":1,"date":"2025-08-23","pof_score":100,"trustworthiness":"High"}
        """#

    func written(_ value: some JSONWritable) -> String {
        var writer = JSONWriter()
        value.write(to: &writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    func encoded(_ value: some Encodable, with encoder: JSONEncoder) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func submitAnswerMatchesTheEncoder() throws {
        var generator = SplitMix64(seed: 20_261_202)
        for round in 0..<2_000 {
            let text = { Self.awkwardText.randomElement(using: &generator)! }
            let number = {
                Self.numbers.randomElement(using: &generator)! * [1, -1, 0.5].randomElement(using: &generator)!
            }
            var pomodoro = try JSONDecoder().decode(GamePomodoroDTO.self, from: Data(Self.pomodoro.utf8))
            pomodoro.id = Int64.random(in: Int64.min...Int64.max, using: &generator)
            pomodoro.duration = number()
            pomodoro.points = number()
            pomodoro.pofScore = Int.random(in: -1000...1000, using: &generator)
            pomodoro.category = text()
            pomodoro.project = text()
            pomodoro.source = text()
            pomodoro.startTime = text()
            pomodoro.endTime = text()
            pomodoro.date = text()
            pomodoro.trustworthiness = text()
            var answer = GameSubmitResponse(pomodoro: pomodoro, duplicate: round % 2 == 0)
            answer.sessionId = text()
            answer.message = text()
            answer.success = round % 3 == 0
            let expected = try encoded(answer, with: Self.answerEncoder)
            #expect(written(answer) == expected, "\(written(answer))\n\(expected)")
            let expectedPomodoro = try encoded(pomodoro, with: Self.answerEncoder)
            #expect(written(pomodoro) == expectedPomodoro)
        }
    }

    @Test func historyPageMatchesTheEncoder() throws {
        var generator = SplitMix64(seed: 20_261_205)
        for round in 0..<300 {
            let text = { Self.awkwardText.randomElement(using: &generator)! }
            let maybe = { Bool.random(using: &generator) ? text() : nil }
            let items = (0..<(round % 4)).map { _ in
                var session = FocusSession(
                    uuid: text(), userId: Int64.random(in: 1...Int64.max, using: &generator),
                    kind: SessionKind.allCases.randomElement(using: &generator)!,
                    status: SessionStatus.allCases.randomElement(using: &generator)!, timezone: "UTC",
                    localDate: "2025-08-23", startedAt: Date(timeIntervalSince1970: 1_755_959_400),
                    createdAt: Date(timeIntervalSince1970: 1_755_959_000))
                session.id = Int64.random(in: 1...Int64.max, using: &generator)
                session.taskUUID = maybe()
                let minutes = [0, 1, 25, 25.5, 0.8, 0.1 + 0.2, 1e-7, 2.5e-5, 0.85 * 0.9, 90]
                session.plannedMinutes = Bool.random(using: &generator) ? minutes.randomElement(using: &generator) : nil
                session.endedAt = Bool.random(using: &generator) ? Date(timeIntervalSince1970: 1_755_960_900.5) : nil
                session.notificationSent = Bool.random(using: &generator)
                session.evaluationSubmitted = Bool.random(using: &generator)
                if Bool.random(using: &generator) {
                    session.pof = ProofOfFocus.score(
                        durationMinutes: minutes.randomElement(using: &generator)!, plannedMinutes: 25,
                        planning: .matched, onTime: true, source: nil)
                }
                var dto = PomodoroDTO(session)
                dto.sessionUUID = maybe()
                dto.status = text()
                return dto
            }
            let page = Envelope(Page(items: items, nextCursor: maybe(), hasMore: round % 2 == 0))
            let expectedPage = try encoded(page, with: Self.answerEncoder)
            #expect(written(page) == expectedPage, "\(written(page))\n\(expectedPage)")
        }
    }

    /// A history item written from its row (`PomodoroDTO.write(listed:)`, as a page is) gives
    /// the bytes its DTO gives through the encoder, whatever the session holds.
    @Test func listedSessionsMatchTheEncoder() throws {
        var generator = SplitMix64(seed: 20_261_208)
        let instants: [Double] = [1_755_959_400, 1_755_960_900.5, 0.001, -1e12, 3e11, 253_402_300_800, 1.5]
        let minutes: [Double] = [0, 1, 25, 25.5, 0.8, 0.1 + 0.2, 1e-7, 2.5e-5, 0.85 * 0.9, 90, -3, 1e6]
        for _ in 0..<3_000 {
            let text = { Self.awkwardText.randomElement(using: &generator)! }
            let instant = { Date(timeIntervalSince1970: instants.randomElement(using: &generator)!) }
            let maybe = { Bool.random(using: &generator) }
            var session = FocusSession(
                uuid: text(), userId: Int64.random(in: 1...Int64.max, using: &generator),
                kind: SessionKind.allCases.randomElement(using: &generator)!,
                status: SessionStatus.allCases.randomElement(using: &generator)!, timezone: "UTC",
                localDate: "2025-08-23", startedAt: instant(), createdAt: instant())
            session.id = Int64.random(in: Int64.min...Int64.max, using: &generator)
            session.updatedAt = instant()
            session.taskUUID = maybe() ? text() : nil
            session.plannedMinutes = maybe() ? minutes.randomElement(using: &generator) : nil
            session.durationMinutes = maybe() ? minutes.randomElement(using: &generator) : nil
            session.scheduledEndAt = maybe() ? instant() : nil
            session.endedAt = maybe() ? instant() : nil
            session.notificationSent = maybe()
            session.evaluationSubmitted = maybe()
            if maybe() {
                let score = Int.random(in: -5...120, using: &generator)
                session.pof = PofResult(
                    score: score, trustworthiness: Trustworthiness(score: score),
                    points: Self.numbers.randomElement(using: &generator)!,
                    factors: PofFactors(completion: 1, planning: 1, timing: 1, source: 1))
            }
            var writer = JSONWriter()
            try PomodoroDTO.write(listed: SessionColumns(session), to: &writer)
            let listed = String(decoding: writer.bytes, as: UTF8.self)
            let expected = try encoded(PomodoroDTO(session), with: Self.answerEncoder)
            #expect(listed == expected, "\(listed)\n\(expected)")
        }
    }

    /// Text read from a database is written as the `String` decoded from it: escaped, and
    /// invalid UTF-8 (SQLite keeps any bytes as text) repaired as `String(decoding:)` does.
    @Test func textFromBytesIsWrittenAsItsString() {
        let samples: [[UInt8]] =
            Self.awkwardText.map { Array($0.utf8) } + [
                [0x66, 0xFF, 0x6F], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80],
                [0x22, 0xF0, 0x9F, 0x8D, 0x85, 0x5C, 0x80],
            ]
        for bytes in samples {
            var fromBytes = JSONWriter()
            bytes.withUnsafeBytes { fromBytes.string(utf8: $0) }
            var fromString = JSONWriter()
            fromString.string(String(decoding: bytes, as: UTF8.self))
            #expect(fromBytes.bytes == fromString.bytes, "\(bytes)")
        }
    }

    @Test func timeMagicEntriesMatchTheEncoder() throws {
        var generator = SplitMix64(seed: 20_261_206)
        for round in 0..<300 {
            let text = { Self.awkwardText.randomElement(using: &generator)! }
            let entries = (0..<(round % 4)).map { _ in
                var entry = TimeEntry(
                    id: 1, uuid: text(), userId: 1, resource: nil, focusSessionId: nil,
                    begin: Date(timeIntervalSince1970: 1_755_959_400), end: nil, durationSeconds: nil, comment: nil,
                    createdAt: Date(timeIntervalSince1970: 1_755_959_000),
                    updatedAt: Date(timeIntervalSince1970: 1_755_959_100))
                if Bool.random(using: &generator) {
                    entry.end = Date(timeIntervalSince1970: 1_755_963_000.25)
                    entry.durationSeconds = Int64.random(in: Int64.min...Int64.max, using: &generator)
                }
                if Bool.random(using: &generator) { entry.comment = text() }
                if Bool.random(using: &generator) {
                    entry.resource = TimeEntryResource(
                        kind: Bool.random(using: &generator) ? .task : .activity, id: 3, uuid: text())
                }
                if Bool.random(using: &generator) {
                    entry.begin = Date(timeIntervalSince1970: [-1e12, 3e11, 1.5, 253_402_300_800][round % 4])
                }
                return entry
            }
            let expected = try encoded(entries.map(TimeMagicTimeEntry.init), with: Self.answerEncoder)
            #expect(written(TimeMagicEntryList(entries)) == expected)
            // The same items written from their rows, as the list writes them.
            var listed = JSONWriter()
            listed.raw("[")
            for entry in entries {
                listed.element()
                try TimeMagicEntryList.write(listed: EntryColumns(entry), to: &listed)
            }
            listed.raw("]")
            #expect(String(decoding: listed.bytes, as: UTF8.self) == expected)
        }
    }

    /// Trees (user data, the leaderboard) with keys of every kind, nested.
    @Test func treesMatchTheEncoder() throws {
        var generator = SplitMix64(seed: 20_261_207)
        let keys =
            [
                "a", "B", "_x", "points", "pof_score", "Zeta", "zeta", "äpfel", "apfel", "10", "9", "a_b", "aB", "ab",
                "", "🍅", "user_rank", "userId", "total_participants",
            ] + Self.awkwardText
        func value(_ depth: Int) -> JSONValue {
            switch Int.random(in: 0..<(depth > 2 ? 4 : 6), using: &generator) {
            case 0: return .string(Self.awkwardText.randomElement(using: &generator)!)
            case 1: return .number(Self.numbers.randomElement(using: &generator)!)
            case 2: return .bool(Bool.random(using: &generator))
            case 3: return .null
            case 4:
                return .array((0..<Int.random(in: 0..<4, using: &generator)).map { _ in value(depth + 1) })
            default:
                var members: [String: JSONValue] = [:]
                for _ in 0..<Int.random(in: 0..<8, using: &generator) {
                    members[keys.randomElement(using: &generator)!] = value(depth + 1)
                }
                return .object(members)
            }
        }
        for _ in 0..<500 {
            let tree = value(0)
            let expected = try encoded(tree, with: Self.answerEncoder)
            #expect(written(tree) == expected, "\(written(tree))\n\(expected)")
            if case .object(let members) = tree {
                #expect(written(members) == (try encoded(members, with: Self.answerEncoder)))
            }
        }
    }

    /// The default encoder writes the factors' keys in no fixed order, so the stored text is
    /// compared as the object it holds, and it must decode to the very same values.
    @Test func storedFactorsHoldWhatTheEncoderWrote() throws {
        for completion in Self.numbers {
            for other in [1, 0.85, 0.7, 0.9, 1.0 / 3] {
                let factors = PofFactors(
                    completion: completion, planning: other, timing: other * 0.9, source: 1 - other)
                let text = written(factors)
                let members = try JSONDecoder().decode([String: Double].self, from: Data(text.utf8))
                let expected = try JSONDecoder().decode(
                    [String: Double].self, from: try JSONEncoder().encode(factors))
                #expect(members == expected, "\(text)")
                #expect(try JSONDecoder().decode(PofFactors.self, from: Data(text.utf8)) == factors)
            }
        }
    }

    @Test func numbersJSONCannotHoldAreNull() {
        var writer = JSONWriter()
        writer.object { json in
            json.key("nan")
            json.number(Double.nan)
            json.key("inf")
            json.number(-Double.infinity)
        }
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"nan":null,"inf":null}"#)
    }

    /// The writer's bytes live in a buffer of its own: a copy written to must leave the
    /// original as it was, however far either grows.
    @Test func aCopiedWriterWritesApart() {
        var first = JSONWriter(capacity: 1)
        first.object { json in
            json.key("a")
            json.number(Int64(1))
        }
        var second = first
        second.raw(",")
        second.string(String(repeating: "x", count: 300))
        first.raw(",")
        first.number(Int64(-2))
        #expect(String(decoding: first.bytes, as: UTF8.self) == #"{"a":1},-2"#)
        #expect(
            String(decoding: second.bytes, as: UTF8.self) == #"{"a":1},""# + String(repeating: "x", count: 300) + "\"")
        #expect(second.count == 310)
    }
}

/// An entry as the row `TimeEntryStore.scan` hands over for it: what the entry writer is tested
/// with (there is no in-memory entry store to answer `scan` with it).
struct EntryColumns: ColumnRow {
    let entry: TimeEntry

    init(_ entry: TimeEntry) { self.entry = entry }

    func isNull(_ column: Int) throws -> Bool {
        switch EntryListColumn(rawValue: column) {
        case .endTime: entry.end == nil
        case .durationSeconds: entry.durationSeconds == nil
        case .comment: entry.comment == nil
        case .taskId, .taskUUID: entry.resource?.kind != .task
        case .activityId, .activityUUID: entry.resource?.kind != .activity
        case nil: throw Self.noColumn(column)
        default: false
        }
    }

    func integer(_ column: Int) throws -> Int64 {
        switch EntryListColumn(rawValue: column) {
        case .id: entry.id
        case .beginTime: Timestamp.milliseconds(entry.begin)
        case .endTime: entry.end.map(Timestamp.milliseconds) ?? 0
        case .durationSeconds: entry.durationSeconds ?? 0
        case .taskId, .activityId: entry.resource?.id ?? 0
        case .createdAt: Timestamp.milliseconds(entry.createdAt)
        case .updatedAt: Timestamp.milliseconds(entry.updatedAt)
        default: throw Self.noColumn(column)
        }
    }

    func real(_ column: Int) throws -> Double { Double(try integer(column)) }

    func bool(_ column: Int) throws -> Bool { throw Self.noColumn(column) }

    func withText<R>(_ column: Int, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        var text: String
        switch EntryListColumn(rawValue: column) {
        case .uuid: text = entry.uuid
        case .comment: text = entry.comment ?? ""
        case .taskUUID, .activityUUID: text = entry.resource?.uuid ?? ""
        default: throw Self.noColumn(column)
        }
        return try text.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
    }

    private static func noColumn(_ column: Int) -> AppError {
        AppError(.internalError, "a listed entry has no column \(column) of that type")
    }
}
