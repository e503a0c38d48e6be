import Foundation
import Hummingbird
import PomoCore
import PomoWire

/// Admin-only account management, in the TaskWorks envelope.
struct AdminController {
    let services: AppServices

    struct AdminUser: Codable, Sendable {
        var id: Int64
        var username: String
        var email: String
        var role: String
        var timezone: String
        var isActive: Bool
        var subscriptionActiveUntil: String?
        var createdAt: String

        init(_ user: User) {
            id = user.id
            username = user.username
            email = user.email
            role = user.role.rawValue
            timezone = user.timezone
            isActive = user.isActive
            subscriptionActiveUntil = user.subscriptionActiveUntil.map(Timestamp.format)
            createdAt = Timestamp.format(user.createdAt)
        }

        enum CodingKeys: String, CodingKey {
            case id, username, email, role, timezone
            case isActive = "is_active"
            case subscriptionActiveUntil = "subscription_active_until"
            case createdAt = "created_at"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(username, forKey: .username)
            try c.encode(email, forKey: .email)
            try c.encode(role, forKey: .role)
            try c.encode(timezone, forKey: .timezone)
            try c.encode(isActive, forKey: .isActive)
            try c.encode(subscriptionActiveUntil, forKey: .subscriptionActiveUntil)
            try c.encode(createdAt, forKey: .createdAt)
        }
    }

    struct CreateRequest: Decodable {
        var username: String
        var email: String
        var password: String
        var timezone: String?
    }

    struct ActiveRequest: Decodable { var active: Bool }

    struct SubscriptionRequest: Decodable {
        var activeUntil: String?
        enum CodingKeys: String, CodingKey { case activeUntil = "active_until" }
    }

    @Sendable func list(_ request: Request, context: PomoRequestContext) async throws -> Response {
        _ = try context.requireAdmin()
        return JSONBody.response(json: Envelope(try await services.accounts.allUsers().map(AdminUser.init)))
    }

    @Sendable func create(_ request: Request, context: PomoRequestContext) async throws -> Response {
        _ = try context.requireAdmin()
        let body = try await JSONBody.decode(CreateRequest.self, from: request, limit: services.config.maxBodyBytes)
        let user = try await services.accounts.register(
            username: body.username, email: body.email, password: body.password, timezone: body.timezone ?? "UTC",
            byAdmin: true)
        return JSONBody.response(status: .created, json: Envelope(AdminUser(user)))
    }

    /// `{"active": false}` disables the account: every credential of it is refused from now on.
    /// Not the caller's own: an admin who disabled themselves would lock the server's
    /// administration out (the last admin) or need another admin to undo it.
    @Sendable func setActive(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let admin = try context.requireAdmin().user
        let body = try await JSONBody.decode(ActiveRequest.self, from: request, limit: services.config.maxBodyBytes)
        let username = context.parameters.get("username") ?? ""
        if !body.active, username.lowercased() == admin.username.lowercased() {
            throw AppError.conflict(
                "You cannot disable your own account: another admin can (or `pomod user disable` on the server)",
                code: "OWN_ACCOUNT")
        }
        let user = try await services.accounts.setActive(username: username, body.active)
        return JSONBody.response(json: Envelope(AdminUser(user)))
    }

    /// `{"active_until": ISO-8601}` sets the end of the user's subscription; `null` removes it.
    @Sendable func setSubscription(_ request: Request, context: PomoRequestContext) async throws -> Response {
        _ = try context.requireAdmin()
        let username = context.parameters.get("username") ?? ""
        let body = try await JSONBody.decode(
            SubscriptionRequest.self, from: request, limit: services.config.maxBodyBytes)
        let until = try body.activeUntil.map { text in
            guard let date = Timestamp.parse(text) else {
                throw AppError.validation("active_until", "active_until must be an ISO-8601 date-time or null")
            }
            return date
        }
        let user = try await services.accounts.setSubscription(username: username, activeUntil: until)
        return JSONBody.response(json: Envelope(AdminUser(user)))
    }
}
