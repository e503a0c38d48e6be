import Foundation
import Hummingbird
import PomoCore

/// `GET /api/v1/reports/summary?from=YYYY-MM-DD&to=YYYY-MM-DD&by=day|project|category`: the
/// caller's completed work, grouped. Dates are the caller's local days; both ends included.
/// Without dates: the last 7 days in the caller's zone.
struct ReportsController {
    let services: AppServices

    func addRoutes(to group: RouterGroup<PomoRequestContext>) {
        group.get("reports/summary", use: summary)
    }

    static let maxDays = 366

    @Sendable func summary(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let params = request.uri.queryParameters
        let today = LocalDate.string(for: services.clock.now(), timezone: user.timezone)
        let to = try Self.date(params.get("to"), "to") ?? today
        let from = try Self.date(params.get("from"), "from") ?? Self.day(to, offset: -6)
        guard from <= to else { throw AppError.validation("from", "from must not be after to") }
        guard Self.day(from, offset: Self.maxDays) > to else {
            throw AppError.validation("from", "a report covers at most \(Self.maxDays) days")
        }
        let byName = params.get("by") ?? "day"
        guard let grouping = ReportGrouping(rawValue: byName) else {
            throw AppError.validation("by", "by must be day, project or category")
        }
        let rows = try await services.reports.summary(userId: user.id, from: from, to: to, by: grouping)
        return JSONBody.response(json: Envelope(ReportDTO(from: from, to: to, by: grouping, rows: rows)))
    }

    static func date(_ text: String?, _ field: String) throws -> String? {
        guard let text else { return nil }
        guard LocalDate.bounds(of: text, timezone: .gmt) != nil, text.count == 10 else {
            throw AppError.validation(field, "\(field) must be a date, YYYY-MM-DD")
        }
        return text
    }

    static func day(_ date: String, offset: Int) -> String {
        let start = LocalDate.bounds(of: date, timezone: .gmt)!.start
        return LocalDate.string(for: start.addingTimeInterval(Double(offset) * 86_400), timezone: "UTC")
    }
}
