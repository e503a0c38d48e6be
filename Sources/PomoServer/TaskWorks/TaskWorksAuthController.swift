import Foundation
import Hummingbird
import PomoCore
import PomoWire

/// TaskWorks `/api/v1/auth/*`: who am I, and API key management. Keys are managed with the web
/// session or a JWT, never with an API key, so a leaked key cannot mint more keys.
struct TaskWorksAuthController {
    let services: AppServices
    static let keyId: Query<String?> = .text("id", "The key's id")

    struct PasswordRequest: Decodable {
        var currentPassword: String
        var newPassword: String
        enum CodingKeys: String, CodingKey {
            case currentPassword = "current_password"
            case newPassword = "new_password"
        }
    }
    struct PasswordChanged: Codable, Sendable {
        var changed: Bool
        var api_keys_kept: Int
    }
    struct CreateKeyRequest: Decodable { var name: String? }
    struct RevokeKeyRequest: Decodable { var id: FlexibleID? }
    struct Revoked: Codable, Sendable {
        var id: String
        var revoked: Bool
    }

    @Sendable func me(_ request: Request, context: PomoRequestContext) async throws -> Response {
        JSONBody.response(json: Envelope(TaskWorksMe(try context.requireUser().user)))
    }

    /// Ends every session of the account, this one too: the client logs in again with the new
    /// password. API keys keep working; the answer says how many.
    @Sendable func changePassword(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let body = try await JSONBody.decode(PasswordRequest.self, from: request, limit: services.config.maxBodyBytes)
        let kept = try await services.accounts.changePassword(
            user: user, current: body.currentPassword, new: body.newPassword)
        return JSONBody.response(json: Envelope(PasswordChanged(changed: true, api_keys_kept: kept)))
    }

    @Sendable func listKeys(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let keys = try await services.accounts.apiKeys(for: user)
        return JSONBody.response(json: Envelope(keys.map { ApiKeyDTO($0) }))
    }

    @Sendable func createKey(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let body = try await JSONBody.decodeIfPresent(
            CreateKeyRequest.self, from: request, limit: services.config.maxBodyBytes, empty: CreateKeyRequest())
        let issued = try await services.accounts.createApiKey(for: user, name: body.name ?? "API key")
        return JSONBody.response(status: .created, json: Envelope(ApiKeyDTO(issued.key, token: issued.token)))
    }

    @Sendable func revokeKey(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let body = try await JSONBody.decodeIfPresent(
            RevokeKeyRequest.self, from: request, limit: services.config.maxBodyBytes, empty: RevokeKeyRequest())
        let raw = try context.parameters.get("id") ?? Self.keyId.read(request) ?? body.id?.value
        guard let raw else { throw AppError.validation("id", "id is required (query, path or body)") }
        guard let id = Int64(raw) else { throw AppError.notFound("API key not found") }
        try await services.accounts.revokeApiKey(id: id, for: user)
        return JSONBody.response(json: Envelope(Revoked(id: String(id), revoked: true)))
    }

    @Sendable func rotateKey(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        guard let id = context.parameters.get("id").flatMap(Int64.init) else {
            throw AppError.notFound("API key not found")
        }
        let issued = try await services.accounts.rotateApiKey(id: id, for: user)
        return JSONBody.response(status: .created, json: Envelope(ApiKeyDTO(issued.key, token: issued.token)))
    }
}

/// An id sent as either a JSON string or a number.
struct FlexibleID: Decodable {
    var value: String

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let number = try? c.decode(Int64.self) {
            value = String(number)
        } else {
            value = try c.decode(String.self)
        }
    }
}
