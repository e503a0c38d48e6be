import Foundation
import PomoCore
import PomoWire
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

    /// As stored (JSONWriter's order), over many values: the byte reader gives JSONDecoder's numbers.
    @Test func theByteReaderAgreesWithTheDecoder() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let factors = PofFactors(
                completion: Double.random(in: 0...1, using: &generator),
                planning: [1, 0.85, 0.7].randomElement(using: &generator)!,
                timing: Double(Int.random(in: 0...10, using: &generator)) / 10,
                source: Double.random(in: -1e300...1e300, using: &generator),
                overlap: [1, 0.5, 0.75, 0.9].randomElement(using: &generator)!)
            var writer = JSONWriter()
            factors.write(to: &writer)
            let stored = String(decoding: writer.bytes, as: UTF8.self)
            #expect(try PofFactors(stored: stored) == JSONDecoder().decode(PofFactors.self, from: Data(stored.utf8)))
            #expect(try PofFactors(stored: stored) == factors)
        }
        #expect(throws: (any Error).self) {
            try PofFactors(stored: #"{"completion":1,"planning":x,"timing":1,"source":1}"#)
        }
        #expect(throws: (any Error).self) {
            try PofFactors(stored: #"{"completion":1,"planning":1,"timing":1,"other":1}"#)
        }
    }

    /// Sessions stored before the overlap factor existed have four factors: overlap reads as 1.
    @Test func factorsStoredWithoutOverlapReadAsNoOverlap() throws {
        let old = #"{"completion":1,"planning":0.85,"timing":1,"source":0.9}"#
        #expect(try PofFactors(stored: old) == PofFactors(completion: 1, planning: 0.85, timing: 1, source: 0.9))
        #expect(try PofFactors(stored: old).overlap == 1)
        #expect(try JSONDecoder().decode(PofFactors.self, from: Data(old.utf8)).overlap == 1)
    }

    @Test func otherSpellingsFallBackToTheDecoder() throws {
        let spaced = #"{ "completion": 0.5, "planning": 1, "timing": 0.9, "source": 1 }"#
        #expect(try PofFactors(stored: spaced) == PofFactors(completion: 0.5, planning: 1, timing: 0.9, source: 1))
        #expect(throws: (any Error).self) { try PofFactors(stored: #"{"completion":1}"#) }
        #expect(throws: (any Error).self) { try PofFactors(stored: "garbage") }
    }
}
