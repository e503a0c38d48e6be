import Foundation
import Hummingbird
import PomoCore
import PomoWire

/// `/api/v1/sessions`: the sessions page's API. Past sessions newest first with filters, a
/// session's note, category and project changed, a session deleted, one added afterwards.
struct SessionsController {
    let services: AppServices

    static let project: Query<String?> = .text("project", "A project's name, or its id (personal_N, team_N)")
    static let category: Query<String?> = .text("category", "A category")
    static let query: [any DocumentedQuery] = [
        PomodoroController.limit, PomodoroController.cursor, PomodoroController.from, PomodoroController.to, project,
        category,
    ]

    struct EditRequest: Decodable {
        var note: Patch<String>
        var category: String?
        var project: String?

        enum CodingKeys: String, CodingKey { case note, category, project }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            note = try c.patch(String.self, forKey: .note)
            category = try c.decodeIfPresent(String.self, forKey: .category)
            project = try c.decodeIfPresent(String.self, forKey: .project)
        }
    }

    struct AddRequest: Decodable {
        var start: String
        var end: String
        var category: String?
        var project: String?
        var note: String?
    }

    struct Deleted: Codable, Sendable {
        var id: String
        var deleted: Bool
    }

    @Sendable func list(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let query = try PomodoroController.page(request, for: user)
        let limit = query.limit
        var filter = ExportFilter(from: query.from, to: query.to)
        filter.project = try Self.project.read(request).flatMap { $0.isBlank ? nil : $0 }
        filter.category = try Self.category.read(request).flatMap { $0.isBlank ? nil : $0 }
        // One extra row tells whether another page exists.
        let rows = try await services.sessions.list(for: user, filter, after: query.after, limit: limit + 1)
        let page = Array(rows.prefix(limit))
        let hasMore = rows.count > limit
        let next =
            hasMore
            ? page.last.map { HistoryCursor.encode(SessionCursor(startedAt: $0.session.startedAt, id: $0.session.id)) }
            : nil
        return JSONBody.response(
            json: Envelope(
                Page(
                    items: page.map { SessionDTO($0.session, project: $0.project) }, nextCursor: next, hasMore: hasMore)
            ))
    }

    @Sendable func edit(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let body = try await JSONBody.decode(EditRequest.self, from: request, limit: services.config.maxBodyBytes)
        let (session, project) = try await services.sessions.edit(
            id: try Self.id(context), SessionEdit(note: body.note, category: body.category, project: body.project),
            for: user)
        return JSONBody.response(json: Envelope(SessionDTO(session, project: project)))
    }

    @Sendable func delete(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let id = try Self.id(context)
        try await services.sessions.delete(id: id, for: user)
        return JSONBody.response(json: Envelope(Deleted(id: String(id), deleted: true)))
    }

    @Sendable func add(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let body = try await JSONBody.decode(AddRequest.self, from: request, limit: services.config.maxBodyBytes)
        guard let start = Timestamp.parse(body.start) else {
            throw AppError.validation("start", "start must be an RFC 3339 date-time")
        }
        guard let end = Timestamp.parse(body.end) else {
            throw AppError.validation("end", "end must be an RFC 3339 date-time")
        }
        guard end > start else { throw AppError.validation("end", "end must be after start") }
        let view = try await services.sessions.add(
            SessionAddition(
                start: start, end: end, category: body.category ?? GameRules.defaultCategory,
                project: body.project ?? GameRules.defaultProject, note: body.note ?? ""),
            for: user)
        return JSONBody.response(status: .created, json: Envelope(SessionDTO(view.session, project: view.project)))
    }

    static func id(_ context: PomoRequestContext) throws -> Int64 {
        guard let raw = context.parameters.get("id"), let id = Int64(raw), id > 0 else {
            throw AppError.notFound("Session not found")
        }
        return id
    }
}
