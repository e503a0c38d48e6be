import Foundation
import PomoCore
import PomoWire
import Testing

/// `JSONReader` must read exactly what `JSONDecoder` reads into a `JSONValue`, refuse what it
/// refuses, and read the few RFC 8259 numbers `JSONDecoder` refuses as numbers; trailing commas,
/// which `JSONDecoder` takes and RFC 8259 does not, are refused.
@Suite struct JSONReaderTests {
    static let valid: [String] = [
        #"{"start_time":"2025-08-23T14:30:00Z","duration":25,"category":"Work","project":"team_3","note":"","source":"mac_app"}"#,
        #"{}"#, #"[]"#, #" { "a" : [ 1 , -2.5e3 , 0 , -0 , 0.125 , 1E2 , 3e-2 ] } "#,
        #"{"nested":{"deeper":{"list":[true,false,null,{"x":"y"}]}}}"#,
        #"{"escapes":"quote \" backslash \\ slash \/ \b\f\n\r\t tab","unicode":"\u00e9\u4e2d\ud83c\udf45"}"#,
        #"{"raw":"Fokus 🍅 — naïve 中文","empty":"","space":" "}"#,
        #"{"big":12345678901234567890123,"small":1e-300,"neg":-1.5}"#,
        #"{"dup":1,"dup":2}"#, #""just a string""#, #"42"#, #"true"#, #"null"#,
        "{\"a\":\n\t[1,\r\n2]}",
    ]

    static let invalid: [String] = [
        #"{"a" 1}"#, #"{a:1}"#, #"{'a':1}"#, #"01"#, #"1."#, #".5"#, #"+1"#, #"-"#,
        #"1e"#, #"1e+"#, #"{"a":1e400}"#, #"tru"#, #"nul"#, #"[1 2]"#, #"{"a":"\x"}"#, #"{"a":"\u12"}"#,
        #"{"a":"\ud83c"}"#, #"{"a":"\udf45"}"#, "{\"a\":\"line\nbreak\"}", #"{"a":1}}"#, #"{"a":1} x"#, "",
        "   ", #"[[[[["#, #"{"a":NaN}"#, #"{"a":Infinity}"#,
    ]

    /// `JSONDecoder` takes trailing commas; the reader refuses them.
    static let trailingCommas: [String] = [#"{"a":1,}"#, #"[1,]"#]

    /// Numbers too small for a normal `Double`, and a zero integer part with an exponent (some of
    /// which `JSONDecoder` refuses), with the value the reader gives them.
    static let oddNumbers: [(String, Double)] = [
        ("1e-400", 0), ("4e-320", 4e-320), ("-2.5e-330", -2.5e-330), ("0e2", 0), ("0E7", 0), ("-0.5e1", -5),
    ]

    private func decoded(_ text: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    private func read(_ bytes: [UInt8]) -> JSONValue? {
        bytes.withUnsafeBytes { JSONReader.read($0) }
    }

    @Test(arguments: valid)
    func readsWhatJSONDecoderReads(_ text: String) throws {
        let expected = try #require(decoded(text))
        #expect(read(Array(text.utf8)) == expected)
    }

    @Test(arguments: invalid)
    func refusesWhatJSONDecoderRefuses(_ text: String) {
        #expect(decoded(text) == nil)
        #expect(read(Array(text.utf8)) == nil)
    }

    @Test(arguments: oddNumbers)
    func readsOddNumbersAsTheirDoubles(_ text: String, _ value: Double) {
        #expect(read(Array(text.utf8)) == .number(value))
        #expect(read(Array(#"{"a":\#(text)}"#.utf8)) == .object(["a": .number(value)]))
    }

    @Test(arguments: trailingCommas)
    func refusesTrailingCommas(_ text: String) {
        #expect(decoded(text) != nil)
        #expect(read(Array(text.utf8)) == nil)
    }

    @Test func saysWhyItRefusesDepthAndHugeNumbers() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        let failure = { (text: String) in
            Array(text.utf8).withUnsafeBytes { bytes -> String? in
                if case .failure(let failure) = JSONReader.parse(bytes) { return failure.message }
                return nil
            }
        }
        #expect(failure(deep) == "JSON nested deeper than 512 levels")
        #expect(failure(#"{"a":1e999}"#) == "The number 1e999 is too large")
        #expect(failure(#"{"a":1"#) == "Malformed JSON body")
    }

    @Test func refusesInvalidUTF8AndDeepNesting() {
        #expect(read([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D]) == nil)  // {"a":"\xC3("}
        let deep =
            String(repeating: "[", count: JSONReader.maxDepth + 1)
            + String(repeating: "]", count: JSONReader.maxDepth + 1)
        #expect(read(Array(deep.utf8)) == nil)
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(read(Array(fine.utf8)) == decoded(fine))
    }

    /// Mutated bodies: whenever the reader takes one, `JSONDecoder` takes it too, with the same
    /// value. Seeded, so a failure repeats; `POMO_JSON_MUTATIONS` runs more of them.
    @Test func whatItTakesFromMutatedBodiesJSONDecoderReadsTheSame() {
        var generator = SplitMix64(
            seed: UInt64(ProcessInfo.processInfo.environment["POMO_JSON_SEED"].flatMap(UInt64.init) ?? 20_261_202))
        let rounds = ProcessInfo.processInfo.environment["POMO_JSON_MUTATIONS"].flatMap(Int.init) ?? 6000
        let alphabet = Array(#"{}[]":,.-+eE0123456789 \tnulltruefalse\u"#.utf8) + [0xC3, 0xA9, 0x00, 0x7F]
        var taken = 0
        for _ in 0..<rounds {
            var bytes = Array(Self.valid.randomElement(using: &generator)!.utf8)
            for _ in 0..<Int.random(in: 1...3, using: &generator) where !bytes.isEmpty {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[index] = alphabet.randomElement(using: &generator)!
                case 1: bytes.remove(at: index)
                default: bytes.insert(alphabet.randomElement(using: &generator)!, at: index)
                }
            }
            guard let value = read(bytes) else { continue }
            taken += 1
            let text = String(decoding: bytes, as: UTF8.self)
            guard let expected = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) else {
                // Only the odd numbers above are read where `JSONDecoder` refuses.
                #expect(text.contains(where: { $0 == "e" || $0 == "E" }), "\(text)")
                continue
            }
            #expect(expected == value, "\(text)")
        }
        #expect(taken > 0)
    }
}

/// A small seeded generator (SplitMix64), so the mutation test is the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
