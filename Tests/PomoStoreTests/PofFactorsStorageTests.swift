import Foundation
import PomoCore
import Testing

@testable import PomoStore

/// The stored factors are read without JSONDecoder on the fast path; it must agree with it.
@Suite struct PofFactorsStorageTests {
    @Test(arguments: [
        PofFactors(completion: 1, planning: 0.85, timing: 0.9, source: 0.9),
        PofFactors(completion: 0.123456789, planning: 0.7, timing: 1, source: 1),
        PofFactors(completion: 1e-7, planning: 0, timing: 0.9, source: 0.9),
    ])
    func whatTheEncoderWroteReadsBackExactly(_ factors: PofFactors) throws {
        let stored = String(decoding: try JSONEncoder().encode(factors), as: UTF8.self)
        #expect(try PofFactors(stored: stored) == factors)
    }

    @Test func otherSpellingsFallBackToTheDecoder() throws {
        let spaced = #"{ "completion": 0.5, "planning": 1, "timing": 0.9, "source": 1 }"#
        #expect(try PofFactors(stored: spaced) == PofFactors(completion: 0.5, planning: 1, timing: 0.9, source: 1))
        #expect(throws: (any Error).self) { try PofFactors(stored: #"{"completion":1}"#) }
        #expect(throws: (any Error).self) { try PofFactors(stored: "garbage") }
    }
}
