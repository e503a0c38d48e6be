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

    /// Every column gets a value of its own, so a value written to the wrong column (the insert
    /// and update list columns and values apart) reads back wrong.
    @Test(arguments: StoreKind.all)
    func everyColumnReadsBackAfterAnInsertAndAnUpdate(_ kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let ana = try await stores.users.create(newUser("ana"))
            let one = try await stores.projects.personal(named: "One", userId: ana.id, at: epoch)
            let two = try await stores.projects.personal(named: "Two", userId: ana.id, at: epoch)
            var new = session(ana.id, start: epoch, status: .active)
            new.projectId = one.id
            new.category = "category-1"
            new.plannedMinutes = 25
            new.durationMinutes = 1.5
            new.planningNotes = "planning notes"
            new.goals = "goals"
            new.energyLevel = 7
            new.note = "note-1"
            new.source = "mac_app"
            new.appVersion = "1.0"
            new.timezone = "Europe/Paris"
            new.localDate = "2025-11-20"
            new.scheduledEndAt = epoch + 1500
            new.endedAt = epoch + 1400
            new.expiresAt = epoch + 3300
            new.cancelReason = "reason-1"
            new.cancelNote = "cancel note"
            new.pof = ProofOfFocus.score(
                durationMinutes: 25, plannedMinutes: 25, planning: .matched, onTime: true, source: "mac_app")
            new.submitDigest = "digest-1"
            new.notificationSent = true
            new.evaluationRating = 4
            new.evaluationNote = "evaluation-1"
            new.evaluationSubmitted = true
            new.createdAt = epoch - 20
            new.updatedAt = epoch - 10
            let created = try await stores.sessions.create(new)
            #expect(try await stores.sessions.find(id: created.id, userId: ana.id) == created)

            let changed = try await stores.sessions.modify(id: created.id, userId: ana.id) { session in
                session.status = .completed
                session.category = "category-2"
                session.projectId = two.id
                session.plannedMinutes = 30
                session.durationMinutes = 28.5
                session.note = "note-2"
                session.source = "web"
                session.appVersion = "2.0"
                session.localDate = "2025-11-21"
                session.startedAt = epoch + 60
                session.endedAt = epoch + 1800
                session.expiresAt = nil
                session.cancelReason = nil
                session.cancelNote = "cancel note 2"
                session.pof = ProofOfFocus.score(
                    durationMinutes: 28.5, plannedMinutes: 30, planning: .mismatched, onTime: false, source: "web")
                session.submitDigest = "digest-2"
                session.notificationSent = false
                session.evaluationRating = 2
                session.evaluationNote = "evaluation-2"
                session.evaluationSubmitted = false
                session.updatedAt = epoch + 1900
            }
            let expected = try #require(changed)
            #expect(expected.category == "category-2" && expected.planningNotes == "planning notes")
            #expect(try await stores.sessions.find(id: created.id, userId: ana.id) == expected)
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
