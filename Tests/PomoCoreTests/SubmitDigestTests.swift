import Foundation
import PomoCore
import Testing

/// A submit's digest is stored with its session and compared on every replay: its value for a
/// given body must never change.
@Suite struct SubmitDigestTests {
    @Test func aKnownBodyKeepsItsDigest() throws {
        let submission = GameSubmission(
            start: try #require(Timestamp.parse("2025-08-23T14:30:00Z")),
            end: try #require(Timestamp.parse("2025-08-23T14:55:00Z")), durationMinutes: 25, category: "Deep Work",
            project: "Pomo", note: "nötes 🍅", source: "mac_app", sessionId: "4f0e9a3c-1111-4222-8333-444455556666")
        // FNV-1a of the fields joined by U+001F, computed outside Swift (Python).
        #expect(submission.digest == "149365406367d85b")
    }

    @Test func agreesWithHashingTheJoinedFields() {
        var generator = SystemRandomNumberGenerator()
        let words = ["", "a", "Deep Work", "🍅", "\u{1F}", "é", "team_7", "x y"]
        for _ in 0..<2_000 {
            func word() -> String { words.randomElement(using: &generator)! + words.randomElement(using: &generator)! }
            let start = Date(timeIntervalSince1970: Double(Int64.random(in: 0...2_000_000_000, using: &generator)))
            let submission = GameSubmission(
                start: start, end: start + Double(Int.random(in: 60...14_400, using: &generator)),
                durationMinutes: Double(Int.random(in: 10...2_400, using: &generator)) / 10, category: word(),
                project: word(), note: word(), source: word(), sessionId: UUID().uuidString.lowercased())
            #expect(submission.digest == Self.reference(submission))
        }
    }

    private static func reference(_ s: GameSubmission) -> String {
        let canonical = [
            String(Timestamp.milliseconds(s.start)), String(Timestamp.milliseconds(s.end)), String(s.durationMinutes),
            s.category, s.project, s.note, s.source, s.sessionId,
        ].joined(separator: "\u{1F}")
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in canonical.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return String(hash, radix: 16)
    }
}
