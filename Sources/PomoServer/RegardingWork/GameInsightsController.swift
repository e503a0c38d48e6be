import Foundation
import Hummingbird
import PomoCore

/// The Game's `GET /api/analytics/tracking` and `GET /api/sync/status`, computed from the
/// caller's sessions. Their bodies are not public; the shapes follow REFERENCE.md (1.3, 4.1.10).
struct GameInsightsController {
    let services: AppServices

    func addRoutes(to group: RouterGroup<PomoRequestContext>) {
        group.get("analytics/tracking", use: tracking)
        group.get("sync/status", use: syncStatus)
    }

    @Sendable func tracking(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let sessions = try await services.focus.finishedWork(for: try context.requireUser().user)
        let completed = sessions.filter { $0.status == .completed }
        func counts(_ key: (FocusSession) -> String?) -> JSONValue {
            .object(
                Dictionary(grouping: completed) { key($0) ?? "unknown" }.mapValues { .number(Double($0.count)) })
        }
        let minutes = completed.reduce(0) { $0 + ($1.durationMinutes ?? 0) }
        return JSONBody.response(
            json: [
                "by_source": counts(\.source), "by_category": counts(\.category),
                "sessions": .number(Double(completed.count)), "minutes": .number((minutes * 10).rounded() / 10),
                "cancellations": .number(Double(sessions.count - completed.count)),
            ] as [String: JSONValue])
    }

    /// Each app that submitted (by `X-App-Identifier`, else by source) is a device; the server
    /// holds every session it acknowledged, so nothing is pending on its side.
    @Sendable func syncStatus(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let params = request.uri.queryParameters
        let includeDevices = try QueryFlag.parse(params.get("include_devices") ?? "true", "include_devices")
        let hours =
            try params.get("last_hours").map { raw in
                guard let value = Int(raw), (1...8760).contains(value) else {
                    throw AppError.validation("last_hours", "last_hours must be an integer from 1 to 8760")
                }
                return value
            } ?? 24
        let now = services.clock.now()
        let sessions = try await services.focus.finishedWork(for: user)
        let devices = Dictionary(grouping: sessions) { $0.appVersion ?? $0.source ?? "unknown" }.map { id, items in
            (id: id, type: items.first?.source ?? "unknown", lastSeen: items.map(\.updatedAt).max() ?? now)
        }.sorted { $0.lastSeen > $1.lastSeen }
        let window = now.addingTimeInterval(-Double(hours) * 3600)
        let active = devices.filter { $0.lastSeen >= window }
        let lastSync = devices.first?.lastSeen
        var body: [String: JSONValue] = [
            "sync_status": .string(active.isEmpty ? "offline" : "healthy"),
            "last_sync": lastSync.map { .string(Timestamp.format($0)) } ?? .null,
            "sync_lag": lastSync.map { .string("\(Int(now.timeIntervalSince($0) / 60)) minutes") } ?? .null,
            "total_devices": .number(Double(devices.count)), "active_devices": .number(Double(active.count)),
            "pending_syncs": .number(0),
            "data_summary": .object([
                "total_sessions": .number(Double(sessions.count)), "unsynced_sessions": .number(0),
                "last_session": sessions.first.map { .string(Timestamp.format($0.startedAt)) } ?? .null,
                "preferences_updated": .string(Timestamp.format(user.updatedAt)), "conflicts_detected": .number(0),
            ]),
            "recommendations": .array([]),
        ]
        if includeDevices {
            body["devices"] = .array(
                devices.map { device in
                    .object([
                        "device_id": .string(device.id), "device_type": .string(device.type),
                        "last_seen": .string(Timestamp.format(device.lastSeen)),
                        "sync_status": .string(device.lastSeen >= window ? "up_to_date" : "stale"),
                        "version": .null, "sessions_pending": .number(0),
                    ])
                })
        }
        return JSONBody.response(json: body)
    }
}
