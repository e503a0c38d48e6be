import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoTestSupport
import Testing

/// Register's 409 and adding a team member by email told anyone which accounts exist. Probing by
/// registration is now throttled like password guessing, and members are added by username only.
@Suite struct AccountEnumerationTests {
    @Test(arguments: TestBackend.available)
    func registrationProbesAreThrottledPerAddress(_ backend: TestBackend) async throws {
        try await TestApp.run(backend, testing: .live) { client in
            _ = try await client.register("ana")
            // MUT: the same username again and again, with fresh emails
            var statuses: [Int] = []
            for n in 0..<12 {
                let probe = try await client.send(
                    .post, "/api/auth/register",
                    body: #"{"username": "ana", "email": "probe\#(n)@example.com", "password": "password-123"}"#)
                statuses.append(Int(probe.status.code))
            }
            // validate: ten answers tell, then the address waits
            #expect(statuses == Array(repeating: 409, count: 10) + [429, 429], "\(statuses)")
        }
    }

    @Test(arguments: TestBackend.available)
    func teamMembersAreAddedByUsernameNotEmail(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let root = bearer(try await client.accessToken("root"))
            _ = try await client.register("ben")
            let team = try await client.send(.post, "/api/teams", body: #"{"name": "T", "slug": "tee"}"#, headers: root)
            #expect(team.status == .created, "\(team)")
            // MUT: an existing account's email, an unknown email, the username
            let byEmail = try await client.send(
                .post, "/api/teams/tee/members", body: #"{"username": "ben@example.com"}"#, headers: root)
            let unknown = try await client.send(
                .post, "/api/teams/tee/members", body: #"{"username": "nobody@example.com"}"#, headers: root)
            let byName = try await client.send(
                .post, "/api/teams/tee/members", body: #"{"username": "ben"}"#, headers: root)
            // validate: an email is answered as an unknown one, word for word
            #expect(byEmail.status == .notFound)
            #expect(byEmail.body == unknown.body)
            #expect(byName.status.code < 300, "\(byName)")
        }
    }
}
