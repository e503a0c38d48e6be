import Foundation
import Hummingbird
import PomoCore
import PomoWire

/// `GET /api/v1/changes?since=&limit=`: the sync feed. Everything that changed for the caller
/// since a cursor, deletions included, oldest first; a client resumes from `nextCursor`, which
/// every page carries, the last one too.
struct ChangesController {
    let services: AppServices

    static let since: Query<ChangeCursor?> = .cursor(
        "since", "The `nextCursor` of the last page; absent, the feed starts at the beginning")
    static let limit: Query<Int> = .integer("limit", in: 1...1000, default: 100)
    static let query: [any DocumentedQuery] = [since, limit]

    @Sendable func feed(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let since = try Self.since.read(request)
        let limit = try Self.limit.read(request)
        if let since { try await services.changes.checkResumable(after: since) }
        let after = since ?? .start
        // One extra change tells whether another page is ready.
        let changes = try await services.changes.changes(userId: user.id, after: after, limit: limit + 1)
        let page = changes.prefix(limit)
        return JSONBody.response(
            json: Envelope(
                Page(
                    items: page.map(ChangeDTO.init), nextCursor: (page.last?.cursor ?? after).description,
                    hasMore: changes.count > limit)))
    }
}
