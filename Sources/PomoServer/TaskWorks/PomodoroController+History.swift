import Foundation
import Hummingbird
import PomoCore
import PomoWire

extension PomodoroController {
    static let limit: Query<Int> = .integer("limit", in: 1...100, default: 20)
    static let cursor: Query<String?> = .text("cursor", "From the last page's nextCursor")
    static let from: Query<String?> = .text(
        "from", schema: APISchemas.dayOrInstant, "First local day (YYYY-MM-DD) or an RFC 3339 instant")
    static let to: Query<String?> = .text(
        "to", schema: APISchemas.dayOrInstant, "Last local day (included) or an RFC 3339 instant")
    static let status: Query<String?> = .text("status", "Comma-separated statuses")
    static let sessionType: Query<String?> = .text(
        "session_type", "Comma-separated: " + SessionKind.allCases.map(\.rawValue).joined(separator: ", "))
    static let historyQuery: [any DocumentedQuery] = [limit, cursor, from, to, status, sessionType]

    /// `GET /api/v1/pomodoro/history?cursor=&limit=&from=&to=&status=&session_type=`: newest
    /// first, keyset-paginated on (start, id), so arriving sessions never repeat or skip an item.
    @Sendable func history(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        var query = try Self.page(request, for: user)
        query.statuses = try Self.status.read(request).map { raw in
            try Self.list(raw, field: "status", SessionStatus.init(rawValue:))
        }
        query.kinds = try Self.sessionType.read(request).map { raw in
            try Self.list(raw, field: "session_type", SessionKind.init(rawValue:))
        }
        // One extra row tells whether another page exists.
        let limit = query.limit
        query.limit += 1
        // The items are written from the rows as the database reads them (no sessions or DTOs).
        let page = ListedRows<SessionCursor>(
            limit: limit, bytesPerItem: 640, write: { try PomodoroDTO.write(listed: $0, to: &$1) },
            cursor: { try SessionCursor(listed: $0) })
        try await services.focus.scanHistory(for: user, query) { try page.add($0) }
        let hasMore = page.hasMore
        let next = hasMore ? page.last.map(HistoryCursor.encode) : nil
        let answer = page.buffer { json, items in
            Envelope<Page<PomodoroDTO>>.write(to: &json) { json in
                Page<PomodoroDTO>.write(to: &json, hasMore: hasMore, nextCursor: next, items: items)
            }
        }
        return JSONBody.response(json: answer)
    }

    /// The `limit`, `cursor`, `from` and `to` of a page of sessions (history, the sessions page).
    static func page(_ request: Request, for user: User) throws -> SessionQuery {
        var query = SessionQuery(limit: try limit.read(request))
        if let raw = try cursor.read(request), !raw.isEmpty {
            guard let after = HistoryCursor.decode(raw) else {
                throw AppError.validation("cursor", "cursor is not one this server issued")
            }
            query.after = after
        }
        query.from = try from.read(request).map { try instant($0, field: "from", timezone: user.timezone) }
        query.to = try to.read(request).map { try instant($0, field: "to", timezone: user.timezone, endOfDay: true) }
        return query
    }

    /// An RFC 3339 instant, or a `YYYY-MM-DD` date in the user's zone (`to` dates include the day).
    static func instant(_ raw: String, field: String, timezone: String, endOfDay: Bool = false) throws -> Date {
        if let date = Timestamp.parse(raw) { return date }
        guard let day = LocalDate.bounds(of: raw, timezone: TimeZone(identifier: timezone) ?? .gmt) else {
            throw AppError.validation(field, "\(field) must be an RFC 3339 date-time or YYYY-MM-DD")
        }
        return endOfDay ? day.end : day.start
    }

    static func list<T>(_ raw: String, field: String, _ parse: (String) -> T?) throws -> [T] {
        let values = raw.split(separator: ",").map { parse($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else {
            throw AppError.validation(field, "\(field) has an unknown value: \(raw)")
        }
        return values.compactMap { $0 }
    }
}

/// The opaque cursor: base64url of "<start ms>:<id>".
enum HistoryCursor {
    static func encode(_ cursor: SessionCursor) -> String {
        Base64URL.encode(Array("\(Timestamp.milliseconds(cursor.startedAt)):\(cursor.id)".utf8))
    }

    static func decode(_ text: String) -> SessionCursor? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64) else { return nil }
        let parts = String(decoding: data, as: UTF8.self).split(separator: ":")
        guard parts.count == 2, let ms = Int64(parts[0]), let id = Int64(parts[1]) else { return nil }
        return SessionCursor(startedAt: Timestamp.date(milliseconds: ms), id: id)
    }
}
