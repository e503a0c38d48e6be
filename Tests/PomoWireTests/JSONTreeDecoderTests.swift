import Foundation
import PomoCore
import PomoWire
import Testing

/// `JSONTreeDecoder` decodes request bodies in place of `JSONDecoder`: over typed bodies it gives
/// the same values, and the same error case at the same coding path, so every message that names
/// a field reads as before.
@Suite struct JSONTreeDecoderTests {
    struct Inner: Codable, Equatable {
        var name: String
        var tags: [String]?
    }

    struct Body: Codable, Equatable {
        var text: String
        var count: Int
        var big: Int64?
        var ratio: Double?
        var small: Float?
        var flag: Bool?
        var list: [Int]?
        var map: [String: Int]?
        var inner: Inner?
        var inners: [Inner]?
        var free: JSONValue?
        @Nullable var maybe: String?
    }

    static let texts: [String] = [
        #"{"text":"a","count":1}"#,
        #"{"text":"a","count":-7,"big":9007199254740991,"ratio":0.25,"small":1.5,"flag":true}"#,
        #"{"text":"a","count":1,"list":[1,2,3],"map":{"x":1,"y":2},"inner":{"name":"n","tags":["t"]}}"#,
        #"{"text":"a","count":1,"inners":[{"name":"a"},{"name":"b","tags":[]}],"free":{"k":[1,{"z":null}]}}"#,
        #"{"text":"a","count":1,"maybe":null,"free":null}"#, #"{"text":"a","count":1,"maybe":"m"}"#,
        #"{"text":"a","count":1,"ratio":3}"#, #"{"text":"a","count":100.0}"#, #"{"text":"a","count":1e2}"#,
        // Errors: each must be the same case at the same path.
        #"{"count":1}"#, #"{"text":null,"count":1}"#, #"{"text":1,"count":1}"#, #"{"text":"a","count":"1"}"#,
        #"{"text":"a","count":1.5}"#, #"{"text":"a","count":true}"#, #"{"text":"a","count":1,"flag":1}"#,
        #"{"text":"a","count":1,"list":[1,"2"]}"#, #"{"text":"a","count":1,"list":[1,null]}"#,
        #"{"text":"a","count":1,"list":{"a":1}}"#, #"{"text":"a","count":1,"map":{"x":"1"}}"#,
        #"{"text":"a","count":1,"inner":{"tags":[]}}"#, #"{"text":"a","count":1,"inner":[]}"#,
        #"{"text":"a","count":1,"inners":[{"name":"a"},{"name":2}]}"#, #"{"text":"a","count":1,"small":1e300}"#,
        #"{"text":"a","count":1e30}"#, #"{"text":"a","count":1,"maybe":5}"#, #"[]"#, #""text""#, #"null"#, #"1"#,
    ]

    /// The error's case and coding path as a line, or the decoded value written with sorted keys
    /// (a dictionary's description follows its storage order, which two decoders build differently).
    static func outcome<T: Codable & Equatable>(_ decode: () throws -> T) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return "value " + String(decoding: try encoder.encode(try decode()), as: UTF8.self)
        } catch DecodingError.keyNotFound(let key, let context) {
            return "keyNotFound \(key.stringValue) at \(path(context))"
        } catch DecodingError.typeMismatch(_, let context) {
            return "typeMismatch at \(path(context))"
        } catch DecodingError.valueNotFound(_, let context) {
            return "valueNotFound at \(path(context))"
        } catch DecodingError.dataCorrupted(let context) {
            return "dataCorrupted at \(path(context))"
        } catch {
            return "other \(error)"
        }
    }

    @Test(arguments: texts)
    func decodesAsJSONDecoderDoes(_ text: String) throws {
        let tree = try #require(JSONReader.read(text))
        let expected = Self.outcome { try JSONDecoder().decode(Body.self, from: Data(text.utf8)) }
        let actual = Self.outcome { try JSONTreeDecoder().decode(Body.self, from: tree) }
        // `JSONDecoder` drops the path of a number that does not fit its type; the tree keeps it.
        if expected == "dataCorrupted at " {
            #expect(actual.hasPrefix("dataCorrupted at ") && actual != expected, "\(actual)")
        } else {
            #expect(actual == expected)
        }
    }

    @Test func takesAFreeFormValueAsTheSubtreeItself() throws {
        let deep = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        let tree = try #require(JSONReader.read(#"{"text":"a","count":1,"free":{"x":\#(deep)}}"#))
        let body = try JSONTreeDecoder().decode(Body.self, from: tree)
        guard case .object(let members) = tree, case .some(let free) = members["free"] else {
            Issue.record("no free member")
            return
        }
        #expect(body.free == free)
    }

    @Test func refusesIntegersADoubleCannotHoldExactly() throws {
        let tree = try #require(JSONReader.read(#"{"text":"a","count":1,"big":9007199254740993}"#))
        #expect(Self.outcome { try JSONTreeDecoder().decode(Body.self, from: tree) } == "dataCorrupted at big")
    }
}
