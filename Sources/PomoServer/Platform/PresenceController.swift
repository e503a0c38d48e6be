import Hummingbird
import PomoCore
import PomoWire

/// `GET /api/v1/presence`: how many people focus right now, and who of the caller's teams.
struct PresenceController {
    let services: AppServices

    @Sendable func presence(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let (count, team) = try await Self.now(for: try context.requireUser().user, services)
        return JSONBody.response(json: Envelope(PresenceDTO(count: count, team: team)))
    }

    /// Everyone focusing now, and which of `user`'s teammates (the user too).
    static func now(for user: User, _ services: AppServices) async throws -> (count: Int, team: [FocusingMember]) {
        let team = try await services.presence.focusingTeammates(of: user.id, at: services.clock.now())
        return (try await services.game.focusingNow(), team)
    }
}
