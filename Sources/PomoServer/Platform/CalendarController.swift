import Crypto
import Foundation
import Hummingbird
import NIOCore
import PomoCore
import PomoWire

/// The calendar feed: `GET /api/v1/calendar/{token}.ics` (no other credential: calendar apps
/// send none), and its token's management, `GET|POST|DELETE /api/v1/calendar`.
struct CalendarController {
    let services: AppServices

    static let from: Query<String?> = .dayOrInstant(
        "from", "The window's start: a day in the owner's zone or an RFC 3339 time (default: past_days ago)")
    static let to: Query<String?> = .dayOrInstant(
        "to", "The window's end: a day (included) or an RFC 3339 time (default: future_days ahead)")
    static let pastDays: Query<Int> = .integer(
        "past_days", in: 0...CalendarService.maxDays, default: CalendarService.pastDays)
    static let futureDays: Query<Int> = .integer(
        "future_days", in: 0...366, default: CalendarService.futureDays)
    static let query: [any DocumentedQuery] = [from, to, pastDays, futureDays]

    struct Status: Codable, Sendable {
        var exists: Bool
        var createdAt: String?
        enum CodingKeys: String, CodingKey {
            case exists
            case createdAt = "created_at"
        }
    }

    struct Created: Codable, Sendable {
        var url: String
        var createdAt: String
        enum CodingKeys: String, CodingKey {
            case url
            case createdAt = "created_at"
        }
    }

    struct Revoked: Codable, Sendable { var revoked: Bool }

    @Sendable func status(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let created = try await services.calendar.created(for: try context.requireUser().user)
        return JSONBody.response(
            json: Envelope(Status(exists: created != nil, createdAt: created.map(Timestamp.format))))
    }

    /// Creates the feed's token, or replaces it; the URL is shown in this answer only.
    @Sendable func rotate(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let token = try await services.calendar.rotate(for: user)
        let base =
            services.config.publicURL
            ?? "http://\(request.head.authority ?? "\(services.config.host):\(services.config.port)")"
        return JSONBody.response(
            status: .created,
            json: Envelope(
                Created(
                    url: base.trimmingSuffix("/") + "/api/v1/calendar/\(token).ics",
                    createdAt: Timestamp.format(services.clock.now()))))
    }

    @Sendable func revoke(_ request: Request, context: PomoRequestContext) async throws -> Response {
        try await services.calendar.revoke(for: try context.requireUser().user)
        return JSONBody.response(json: Envelope(Revoked(revoked: true)))
    }

    @Sendable func feed(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try await services.calendar.owner(of: context.parameters.get("token") ?? "")
        let zone = TimeZone(identifier: user.timezone) ?? .gmt
        let now = services.clock.now()
        let (from, to) = try window(request, zone: zone, now: now)
        let fingerprint = try await services.calendar.store.fingerprint(userId: user.id, from: from, to: to)
        // A running session or entry ends "now", which moves: its feed changes each minute.
        let minute = Int(now.timeIntervalSince1970 / 60)
        let digest = SHA256.hash(data: Data("\(fingerprint)|\(from)|\(to)|\(minute)|\(user.timezone)".utf8))
        let etag = "\"" + Hex.string(digest.prefix(12)) + "\""
        var headers = HTTPFields()
        headers[.eTag] = etag
        headers[.cacheControl] = "private, max-age=60"
        if let match = request.headers[.ifNoneMatch],
            match.split(separator: ",").contains(where: {
                $0.trimmingCharacters(in: .whitespaces) == etag || $0.trimmingCharacters(in: .whitespaces) == "*"
            })
        {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = "text/calendar; charset=utf-8"
        let exports = services.exports
        let filter = ExportFilter(from: from, to: to)
        let writer = ICalendarWriter(name: "Pomo (\(user.username))")
        let first = try await exports.page(.sessions, of: user, filter, after: nil)
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { body in
                try await body.write(ByteBuffer(string: writer.header()))
                for source in ExportService.Source.allCases {
                    try await exports.eachPage(source, of: user, filter, first: source == .sessions ? first : nil) {
                        page in
                        let text = page.compactMap {
                            source == .sessions ? writer.session($0, now: now) : writer.timeEntry($0, now: now)
                        }.joined()
                        if !text.isEmpty { try await body.write(ByteBuffer(string: text)) }
                    }
                }
                try await body.write(ByteBuffer(string: ICalendarWriter.footer))
                try await body.finish(nil)
            })
    }

    /// `from`/`to` when given, else `past_days` back and `future_days` ahead of today in the owner's zone.
    private func window(_ request: Request, zone: TimeZone, now: Date) throws -> (Date, Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let today = calendar.startOfDay(for: now)
        let from =
            try Self.from.read(request).flatMap { ExportsController.instant($0, zone: zone, end: false) }
            ?? calendar.date(byAdding: .day, value: -(try Self.pastDays.read(request)), to: today)!
        let to =
            try Self.to.read(request).flatMap { ExportsController.instant($0, zone: zone, end: true) }
            ?? calendar.date(byAdding: .day, value: 1 + (try Self.futureDays.read(request)), to: today)!
        guard from < to else { throw AppError.validation("from", "from must be before to") }
        guard to.timeIntervalSince(from) <= Double(CalendarService.maxDays) * 86_400 else {
            throw AppError.validation("from", "a calendar window covers at most \(CalendarService.maxDays) days")
        }
        return (from, to)
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
