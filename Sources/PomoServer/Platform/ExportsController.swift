import Foundation
import Hummingbird
import NIOCore
import PomoCore
import PomoWire

/// `GET /api/v1/exports/sessions` and `/api/v1/exports/time_entries`: every row in range as
/// CSV or JSON, streamed a page at a time, so an export of any size holds one page in memory.
struct ExportsController {
    let services: AppServices

    enum Format: String, CaseIterable, Sendable {
        case csv, json
    }

    static let from: Query<String?> = .dayOrInstant(
        "from", "Rows that start at or after it: a day in your zone (from its start) or an RFC 3339 time")
    static let to: Query<String?> = .dayOrInstant(
        "to", "Rows that start before it: a day in your zone (up to its end, included) or an RFC 3339 time")
    static let project: Query<String?> = .text("project", "A project's name or id")
    static let category: Query<String?> = .text("category", "A category (sessions; time entries of sessions)")
    static let format: Query<Format> = .oneOf("format", default: .csv)
    static let query: [any DocumentedQuery] = [from, to, project, category, format]

    @Sendable func sessions(_ request: Request, context: PomoRequestContext) async throws -> Response {
        try await export(.sessions, request, context)
    }

    @Sendable func timeEntries(_ request: Request, context: PomoRequestContext) async throws -> Response {
        try await export(.timeEntries, request, context)
    }

    private func export(_ source: ExportService.Source, _ request: Request, _ context: PomoRequestContext)
        async throws -> Response
    {
        let user = try context.requireUser().user
        let zone = TimeZone(identifier: user.timezone) ?? .gmt
        let filter = ExportFilter(
            from: try Self.from.read(request).flatMap { Self.instant($0, zone: zone, end: false) },
            to: try Self.to.read(request).flatMap { Self.instant($0, zone: zone, end: true) },
            project: try Self.project.read(request), category: try Self.category.read(request))
        let format = try Self.format.read(request)
        let exports = services.exports
        try exports.check(filter)
        // The first page is read before the answer starts, so that a failure is still an error answer.
        let first = try await exports.page(source, of: user, filter, after: nil)
        let writer = ExportWriter(timezone: zone)
        var headers = HTTPFields()
        headers[.contentType] = format == .csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"pomo-\(source.rawValue).\(format.rawValue)\""
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { body in
                var isFirst = true
                if format == .csv { try await body.write(ByteBuffer(string: ExportWriter.csvHeader)) }
                try await exports.eachPage(source, of: user, filter, first: first) { page in
                    let text = format == .csv ? writer.csv(page) : writer.json(page, first: isFirst)
                    if !text.isEmpty { try await body.write(ByteBuffer(string: text)) }
                    isFirst = false
                }
                if format == .json { try await body.write(ByteBuffer(string: ExportWriter.jsonEnd)) }
                try await body.finish(nil)
            })
    }

    /// A day as the start of that day in `zone` (or the start of the next, for an `end`), or an instant.
    static func instant(_ raw: String, zone: TimeZone, end: Bool) -> Date? {
        if raw.utf8.count == 10, let day = LocalDate.bounds(of: raw, timezone: zone) {
            return end ? day.end : day.start
        }
        return Timestamp.parse(raw)
    }
}
