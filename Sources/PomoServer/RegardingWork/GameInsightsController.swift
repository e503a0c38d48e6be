import Foundation
import Hummingbird
import PomoCore
import PomoWire

/// The Game's `GET /api/analytics/tracking` and `GET /api/sync/status`, read from the caller's
/// maintained totals. Their bodies are not public; the shapes follow REFERENCE.md (1.3, 4.1.10).
struct GameInsightsController {
    let services: AppServices

    static let includeDevices: Query<Bool> = .flag("include_devices", default: true)
    static let checkConflicts: Query<Bool> = .flag(
        "check_conflicts", default: false, "Default false; the server holds every acknowledged session, so none")
    static let lastHours: Query<Int> = .integer(
        "last_hours", in: 1...8760, default: 24, "A device seen within this many hours is active (default 24)")
    static let syncQuery: [any DocumentedQuery] = [includeDevices, checkConflicts, lastHours]

    @Sendable func tracking(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let all = try await services.stats.totals(userId: user.id, .all)[""] ?? FocusTotals()
        func counts(_ dimension: TotalsDimension, none: String) async throws -> JSONValue {
            var counts: [String: Double] = [:]
            for (key, totals) in try await services.stats.totals(userId: user.id, dimension) where totals.completed > 0
            {
                counts[key.isEmpty ? none : key, default: 0] += Double(totals.completed)
            }
            return .object(counts.mapValues(JSONValue.number))
        }
        return JSONBody.response(
            json: [
                "by_source": try await counts(.source, none: "unknown"),
                "by_category": try await counts(.category, none: "unknown"),
                "sessions": .number(Double(all.completed)), "minutes": .number((all.minutes * 10).rounded() / 10),
                "cancellations": .number(Double(all.cancelled)),
            ] as [String: JSONValue])
    }

    /// Each app that submitted (by `X-App-Identifier`, else by source) is a device; the server
    /// holds every session it acknowledged, so nothing is pending on its side.
    @Sendable func syncStatus(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let includeDevices = try Self.includeDevices.read(request)
        _ = try Self.checkConflicts.read(request)
        let hours = try Self.lastHours.read(request)
        let now = services.clock.now()
        let all = try await services.stats.totals(userId: user.id, .all)[""] ?? FocusTotals()
        let devices = try await services.stats.totals(userId: user.id, .device).map { id, totals in
            (id: id, type: totals.lastSource ?? "unknown", lastSeen: Timestamp.date(milliseconds: totals.lastUpdatedAt))
        }.sorted { ($0.lastSeen, $1.id) > ($1.lastSeen, $0.id) }
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
                "total_sessions": .number(Double(all.completed + all.cancelled)), "unsynced_sessions": .number(0),
                "last_session": all.lastStartedAt > 0
                    ? .string(Timestamp.format(Timestamp.date(milliseconds: all.lastStartedAt))) : .null,
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
