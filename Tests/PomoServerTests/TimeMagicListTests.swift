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
            try await database.write { db in
                let userId = try await db.raw("SELECT id FROM users WHERE username = 'ana'").first()!
                    .decode(column: "id", as: Int64.self)
                for chunk in stride(from: 0, to: count, by: 200) {
                    let rows = (chunk..<min(count, chunk + 200)).map { n -> SQLQueryString in
                        let begin = Int64(1_700_000_000_000) + Int64(n / 3) * 60_000
                        return
                            "(\(bind: "e-\(n)"), \(bind: userId), \(bind: begin), \(bind: begin + 1_800_000), 1800, \(bind: "entry \(n)"), \(bind: begin), \(bind: begin))"
                    }
                    try await db.raw(
                        """
                        INSERT INTO time_entries (uuid, user_id, begin_time, end_time, duration_seconds, comment,
                            created_at, updated_at) VALUES \(SQLList(rows))
                        """
                    ).run()
                }
            }

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
