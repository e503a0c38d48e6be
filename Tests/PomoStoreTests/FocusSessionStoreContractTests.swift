import Foundation
import PomoCore
import Testing

@Suite struct FocusSessionStoreContractTests {
    func session(_ userId: Int64, start: Date, status: SessionStatus = .completed, kind: SessionKind = .work)
        -> FocusSession
    {
        var session = FocusSession(
            uuid: UUID().uuidString.lowercased(), userId: userId, kind: kind, status: status, timezone: "UTC",
            localDate: LocalDate.string(for: start, timezone: "UTC"), startedAt: start, createdAt: start)
        session.plannedMinutes = 25
        session.scheduledEndAt = start + 1500
        return session
    }

    @Test(arguments: StoreKind.all)
    func aSessionReadsBackWithItsScoreAndEveryField(_ kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let ana = try await stores.users.create(newUser("ana"))
            var new = session(ana.id, start: epoch)
            new.category = "Doing"
            new.note = "note"
            new.source = "mac_app"
            new.endedAt = epoch + 1500
            new.durationMinutes = 25
            new.pof = ProofOfFocus.score(
                durationMinutes: 25, plannedMinutes: 25, planning: .matched, onTime: true, source: "mac_app")
            let created = try await stores.sessions.create(new)
            #expect(created.id > 0)
            let found = try #require(try await stores.sessions.find(id: created.id, userId: ana.id))
            #expect(found == created)
        }
    }

    @Test(arguments: StoreKind.all)
    func concurrentStartsLeaveExactlyOneActiveSession(_ kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let ana = try await stores.users.create(newUser("ana"))
            let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        do {
                            _ = try await stores.sessions.create(session(ana.id, start: epoch, status: .active))
                            return true
                        } catch let error as AppError where error.code == "POMODORO_ACTIVE" {
                            return false
                        }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(wins == 1)
            #expect(try await stores.sessions.active(userId: ana.id) != nil)
        }
    }

    @Test(arguments: StoreKind.all)
    func modifyAppliesTheRuleAndIsScopedToTheOwner(_ kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let ana = try await stores.users.create(newUser("ana"))
            let ben = try await stores.users.create(newUser("ben"))
            let running = try await stores.sessions.create(session(ana.id, start: epoch, status: .active))
            #expect(try await stores.sessions.modify(id: running.id, userId: ben.id) { _ in } == nil)
            #expect(try await stores.sessions.find(id: running.id, userId: ben.id) == nil)
            let done = try await stores.sessions.modify(id: running.id, userId: ana.id) {
                try FocusSessionRules.complete(&$0, at: epoch + 1500)
            }
            #expect(done?.status == .completed)
            #expect(try await stores.sessions.find(id: running.id, userId: ana.id) == done)
            #expect(try await stores.sessions.active(userId: ana.id) == nil)
            // A rule that throws changes nothing.
            await #expect(throws: AppError.self) {
                try await stores.sessions.modify(id: running.id, userId: ana.id) {
                    try FocusSessionRules.cancel(&$0, at: epoch + 1600)
                }
            }
            #expect(try await stores.sessions.find(id: running.id, userId: ana.id)?.status == .completed)
        }
    }

    @Test(arguments: StoreKind.all)
    func listingIsNewestFirstAfterTheCursorWithFilters(_ kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let ana = try await stores.users.create(newUser("ana"))
            let ben = try await stores.users.create(newUser("ben"))
            var ids: [Int64] = []
            for index in 0..<6 {
                // Two sessions share each start time: the id breaks the tie.
                let start = epoch + Double(index / 2) * 3600
                let kind: SessionKind = index == 5 ? .shortBreak : .work
                ids.append(try await stores.sessions.create(session(ana.id, start: start, kind: kind)).id)
            }
            _ = try await stores.sessions.create(session(ben.id, start: epoch))
            let all = try await stores.sessions.list(userId: ana.id, SessionQuery(limit: 10))
            #expect(all.map(\.id) == ids.reversed())
            let page = try await stores.sessions.list(
                userId: ana.id, SessionQuery(after: SessionCursor(startedAt: all[2].startedAt, id: all[2].id), limit: 2)
            )
            #expect(page.map(\.id) == [all[3].id, all[4].id])
            let breaks = try await stores.sessions.list(userId: ana.id, SessionQuery(limit: 10, kinds: [.shortBreak]))
            #expect(breaks.map(\.id) == [ids[5]])
            let window = try await stores.sessions.list(
                userId: ana.id, SessionQuery(limit: 10, from: epoch + 3600, to: epoch + 7200))
            #expect(window.map(\.id) == [ids[3], ids[2]])
            let none = try await stores.sessions.list(userId: ana.id, SessionQuery(limit: 10, statuses: [.active]))
            #expect(none.isEmpty)
        }
    }
}
