import Foundation
import Hummingbird
import PomoCore
import PomoWire

/// `GET /api/v1/reports/summary?from=YYYY-MM-DD&to=YYYY-MM-DD&by=day|project|category`: the
/// caller's completed work, grouped. Dates are the caller's local days; both ends included.
/// Without dates: the last 7 days in the caller's zone.
struct ReportsController {
    let services: AppServices

    static let maxDays = 366

    static let from: Query<String?> = .day("from", "Default 6 days before `to`")
    static let to: Query<String?> = .day("to", "Default today")
    static let grouping: Query<ReportGrouping> = .oneOf("by", default: .day)
    static let query: [any DocumentedQuery] = [from, to, grouping]

    @Sendable func summary(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let (from, to) = try Self.range(
            from: try Self.from.read(request), to: try Self.to.read(request), timezone: user.timezone,
            now: services.clock.now())
        let grouping = try Self.grouping.read(request)
        let rows = try await services.reports.summary(userId: user.id, from: from, to: to, by: grouping)
        return JSONBody.response(json: Envelope(ReportDTO(from: from, to: to, by: grouping, rows: rows)))
    }

    /// A report's days, both included: `to` defaults to the caller's today and `from` to six days
    /// before it; at most `maxDays`. Also what MCP's `focus_report` covers.
    static func range(from: String?, to: String?, timezone: String, now: Date) throws -> (from: String, to: String) {
        let to = to ?? LocalDate.string(for: now, timezone: timezone)
        let from = from ?? day(to, offset: -6)
        guard from <= to else { throw AppError.validation("from", "from must not be after to") }
        guard day(from, offset: maxDays) > to else {
            throw AppError.validation("from", "a report covers at most \(maxDays) days")
        }
        return (from, to)
    }

    static func day(_ date: String, offset: Int) -> String {
        let start = LocalDate.bounds(of: date, timezone: .gmt)!.start
        return LocalDate.string(for: start.addingTimeInterval(Double(offset) * 86_400), timezone: "UTC")
    }
}
