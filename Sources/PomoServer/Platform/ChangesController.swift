import Foundation
import Hummingbird
import PomoCore
import PomoWire

/// `GET /api/v1/changes?since=&limit=`: the sync feed. Everything that changed for the caller
/// since a cursor, deletions included, oldest first; a client resumes from `nextCursor`, which
/// every page carries, the last one too.
struct ChangesController {
    let services: AppServices

    static let since: Query<String?> = .text(
        "since", "The `nextCursor` of the last page; absent, the feed starts at the beginning")
    static let limit: Query<Int> = .integer("limit", in: 1...1000, default: 100)
    static let query: [any DocumentedQuery] = [since, limit]

    @Sendable func feed(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let cursor = try Self.since.read(request).map { text in
            guard let cursor = ChangeCursor(text) else {
                throw AppError.validation("since", "since is not a cursor this server issued")
            }
            return cursor
        }
        let limit = try Self.limit.read(request)
        let after = cursor ?? .start
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
