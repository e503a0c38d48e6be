import Foundation
import Hummingbird
import PomoCore
import PomoWire

/// `/api/v1/webhooks`: a user's signed webhooks, their deliveries, and redelivery.
struct WebhooksController {
    let services: AppServices

    struct CreateRequest: Decodable {
        var url: String
        var events: [String]
        var active: Bool?
    }

    struct UpdateRequest: Decodable {
        var url: String?
        var events: [String]?
        var active: Bool?
        var rotateSecret: Bool?
        enum CodingKeys: String, CodingKey {
            case url, events, active
            case rotateSecret = "rotate_secret"
        }
    }

    struct Deleted: Codable, Sendable {
        var id: String
        var deleted: Bool
    }

    static let cursor: Query<Int64?> = .rowCursor("cursor", "The `nextCursor` of the last page; absent, the newest")
    static let limit: Query<Int> = .integer("limit", in: 1...100, default: 20)
    static let query: [any DocumentedQuery] = [cursor, limit]

    @Sendable func list(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let hooks = try await services.webhooks.list(by: try context.requireUser().user)
        return JSONBody.response(json: Envelope(hooks.map { WebhookDTO($0) }))
    }

    @Sendable func create(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let body = try await JSONBody.decode(CreateRequest.self, from: request, limit: services.config.maxBodyBytes)
        let (webhook, secret) = try await services.webhooks.create(
            url: body.url, events: body.events, active: body.active, by: user)
        return JSONBody.response(status: .created, json: Envelope(WebhookDTO(webhook, secret: secret)))
    }

    @Sendable func show(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let webhook = try await services.webhooks.webhook(try id(context), by: try context.requireUser().user)
        return JSONBody.response(json: Envelope(WebhookDTO(webhook)))
    }

    @Sendable func update(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let body = try await JSONBody.decode(UpdateRequest.self, from: request, limit: services.config.maxBodyBytes)
        let (webhook, secret) = try await services.webhooks.update(
            try id(context), url: body.url, events: body.events, active: body.active,
            rotateSecret: body.rotateSecret ?? false, by: user)
        return JSONBody.response(json: Envelope(WebhookDTO(webhook, secret: secret)))
    }

    @Sendable func delete(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let id = try id(context)
        try await services.webhooks.delete(id, by: try context.requireUser().user)
        return JSONBody.response(json: Envelope(Deleted(id: id, deleted: true)))
    }

    /// Newest first, a page at a time.
    @Sendable func deliveries(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let limit = try Self.limit.read(request)
        let found = try await services.webhooks.deliveries(
            of: try id(context), before: try Self.cursor.read(request), limit: limit + 1, by: user)
        let page = found.prefix(limit)
        return JSONBody.response(
            json: Envelope(
                Page(
                    items: page.map(WebhookDeliveryDTO.init), nextCursor: page.last.map { String($0.id) },
                    hasMore: found.count > limit)))
    }

    @Sendable func redeliver(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let delivery = try await services.webhooks.redeliver(
            context.parameters.get("delivery") ?? "", of: try id(context), by: try context.requireUser().user)
        services.dispatcher.wake()
        return JSONBody.response(status: .accepted, json: Envelope(WebhookDeliveryDTO(delivery)))
    }

    private func id(_ context: PomoRequestContext) throws -> String { context.parameters.get("id") ?? "" }
}
