import Hummingbird
import PomoCore
import PomoWire

/// `GET /api/v1/presence`: how many people focus right now, and who of the caller's teams.
struct PresenceController {
    let services: AppServices

    @Sendable func presence(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let now = services.clock.now()
        let team = try await services.presence.focusingTeammates(of: user.id, at: now)
        return JSONBody.response(json: Envelope(PresenceDTO(count: try await services.game.focusingNow(), team: team)))
    }
}
