import Foundation
import PomoCore
import Synchronization
import Testing

@Suite struct SessionsServiceTests {
    /// Counts how the service reads projects: one by one, or a page's at once.
    final class CountingProjects: ProjectStore {
        let base = InMemoryProjectStore()
        let singleReads = Atomic<Int>(0)
        let batchReads = Atomic<Int>(0)

        func find(id: Int64) async throws -> Project? {
            singleReads.add(1, ordering: .relaxed)
            return await base.find(id: id)
        }

        func find(ids: Set<Int64>) async throws -> [Int64: Project] {
            batchReads.add(1, ordering: .relaxed)
            return await base.find(ids: ids)
        }

        func personal(named name: String, userId: Int64, at now: Date) async throws -> Project {
            await base.personal(named: name, userId: userId, at: now)
        }

        func existingPersonal(named name: String, userId: Int64) async throws -> Project? {
            await base.existingPersonal(named: name, userId: userId)
        }

        func isTeamMember(teamId: Int64, userId: Int64) async throws -> Bool {
            await base.isTeamMember(teamId: teamId, userId: userId)
        }
    }

    /// A page of sessions on several projects reads its projects in one go, not once each
    /// (each read is a database round trip), and gives every session its own project.
    @Test func aPageReadsItsProjectsAtOnce() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_763_800_000))
        let sessions = InMemoryFocusSessionStore()
        let projects = CountingProjects()
        let service = SessionsService(
            sessions: sessions, projects: projects,
            game: GameService(sessions: sessions, projects: projects, clock: clock), clock: clock)
        let user = User(
            id: 1, username: "ana", email: "ana@example.com", passwordHash: "", role: .user, timezone: "UTC",
            isActive: true, subscriptionActiveUntil: nil, preferences: UserPreferences(), createdAt: Date(),
            updatedAt: Date())
        var named: [Int64: String] = [:]
        for name in ["Site", "Book", "Taxes"] {
            let project = try await projects.personal(named: name, userId: user.id, at: clock.now())
            named[project.id] = name
        }
        for index in 0..<9 {
            let start = clock.now().addingTimeInterval(Double(index) * 3_600)
            var session = FocusSession(
                uuid: "s-\(index)", userId: user.id, kind: .work, status: .completed, timezone: "UTC",
                localDate: "2025-11-22", startedAt: start, createdAt: start)
            session.endedAt = start.addingTimeInterval(1_500)
            session.durationMinutes = 25
            session.projectId = index == 8 ? nil : named.keys.sorted()[index % 3]
            _ = try await sessions.create(session)
        }
        let page = try await service.list(for: user, ExportFilter(), after: nil, limit: 50)
        #expect(page.count == 9)
        for (session, project) in page {
            #expect(project?.id == session.projectId)
            #expect(project.map { named[$0.id] } == session.projectId.map { named[$0] })
        }
        #expect(projects.batchReads.load(ordering: .relaxed) == 1)
        #expect(projects.singleReads.load(ordering: .relaxed) == 0)
    }
}
