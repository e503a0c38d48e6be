import Foundation
import NIOCore
import SQLiteKit
import SQLiteNIO
import Testing

@testable import PomoStore

/// `SQLiteValues` answers as SQLiteKit's encoder and decoder do, for every kind of stored value
/// and every type it takes a direct path for, failures and their messages included.
@Suite struct SQLiteValuesTests {
    static let stored: [SQLiteData] = [
        .integer(0), .integer(1), .integer(-7), .integer(Int.max), .integer(Int.min), .float(0.5), .float(2),
        .float(-1e3), .text(""), .text("12"), .text("1"), .text("0.25"), .text("Fokus 🍅"), .text("true"),
        .blob(ByteBuffer(bytes: [0, 1, 255])), .blob(ByteBuffer()), .null,
    ]

    @Test(arguments: stored) func decodesAsSQLiteKitDoes(_ data: SQLiteData) {
        expectSame(String.self, data)
        expectSame(Int64.self, data)
        expectSame(Int.self, data)
        expectSame(Bool.self, data)
        expectSame(Double.self, data)
        expectSame(String?.self, data)
        expectSame(Int64?.self, data)
        expectSame(Int?.self, data)
        expectSame(Double?.self, data)
        // Types without a direct path go to SQLiteKit itself.
        expectSame(Float.self, data)
        expectSame(Bool?.self, data)
        expectSame([Int].self, data)
    }

    @Test func encodesAsSQLiteKitDoes() throws {
        enum Status: String, Encodable { case active }
        let values: [any Encodable] = [
            "", "Fokus 🍅", Int64.max, Int64.min, Int(-3), 2.5, -0.0, true, false, String?("y"), String?.none,
            Int64?(7), Int64?.none, Double?(1.5), Int?.none, Bool?(true), Int32(5), [UInt8]([0, 1]),
            Date(timeIntervalSince1970: 1_700_000_000.25), Status.active, ["a": 1],
        ]
        let sqliteKit = SQLiteDataEncoder()
        for value in values {
            #expect(try SQLiteValues.encode(value) == sqliteKit.encode(value), "\(value)")
        }
    }

    private func expectSame<T: Decodable & Equatable>(
        _ type: T.Type, _ data: SQLiteData, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let ours = Result { try SQLiteValues.decode(T.self, from: data) }
        let sqliteKit = Result { try SQLiteDataDecoder().decode(T.self, from: data) }
        switch (ours, sqliteKit) {
        case (.success(let a), .success(let b)):
            #expect(a == b, "\(T.self) from \(data)", sourceLocation: sourceLocation)
        case (.failure(let a), .failure(let b)):
            #expect("\(a)" == "\(b)", "\(T.self) from \(data)", sourceLocation: sourceLocation)
        default:
            Issue.record("\(T.self) from \(data): \(ours) vs SQLiteKit's \(sqliteKit)", sourceLocation: sourceLocation)
        }
    }
}
