import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoStore
import PomoTestSupport
import PomoWire
import SQLKit
import Testing

/// Time Magic lists every entry of a user in one answer; the server reads and writes it a page
/// at a time, so a long history costs one page of memory. The answer is the same either way.
@Suite struct TimeMagicListTests {
    /// One page exactly, two pages exactly (the last read finds nothing), and three and a bit.
    @Test(arguments: TestBackend.available, [1_000, 2_000, 2_203])
    func aListOfManyPagesIsEveryEntryOnceNewestFirst(_ backend: TestBackend, _ count: Int) async throws {
        try await TestApp.runWithDatabase(backend, testing: .live) { client, database in
            // setup: `count` entries, some sharing a begin time
            let key = bearer(try await client.apiKey("ana"))
            try await Fixtures.insertTimeEntries(database, username: "ana", count: count)

            // MUT
            let listed = try await client.send(.get, "/api/time_entries", headers: key)

            // validate: every entry once, newest begin first (ties by id, newest first), valid JSON
            #expect(listed.status == .ok)
            #expect(listed.headers[.contentType] == "application/json; charset=utf-8")
            let uuids = listed.array.compactMap { $0["uuid"] as? String }
            #expect(uuids.count == count)
            #expect(Set(uuids).count == count)
            let expected = (0..<count).sorted { ($0 / 3, $0) > ($1 / 3, $1) }.map { "e-\($0)" }
            #expect(uuids == expected)
            // The same bytes as the whole list written at once.
            let all = try await WorkspaceStores.sql(database).entries.entries(userId: 1, after: nil, limit: 10_000)
            var whole = JSONWriter()
            TimeMagicEntryList(all).write(to: &whole)
            #expect(listed.body == String(decoding: whole.bytes, as: UTF8.self))
        }
    }
}
