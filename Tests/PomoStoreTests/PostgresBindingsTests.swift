import Foundation
import Testing

@testable import PomoStore

/// The values a kept statement binds: each as its own type, an optional as the value it holds,
/// `nil` as NULL, and the statement's shape spelling them out (a NULL where a value was needs a
/// statement prepared for it). A type PostgresNIO is not handed directly leaves the statement to
/// PostgresKit.
@Suite struct PostgresBindingsTests {
    @Test func valuesBindAsTheirTypesOptionalsAsWhatTheyHoldAndNilAsNull() throws {
        let values: [any Encodable & Sendable] = [
            Int64(1), 2, 2.5, "text", true, Int64?.some(3), String?.none, Double?.none, Bool?.some(false),
            String??.some("nested"),
        ]
        let shape = try #require(PostgresKeptStatements.bindings(values)).1
        #expect(shape == "iidsbinnbs")
        #expect(PostgresKeptStatements.bindings([Int64(1), Date()])?.1 == nil)
    }
}
