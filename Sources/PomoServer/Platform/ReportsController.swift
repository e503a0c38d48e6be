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
        let today = LocalDate.string(for: services.clock.now(), timezone: user.timezone)
        let to = try Self.to.read(request) ?? today
        let from = try Self.from.read(request) ?? Self.day(to, offset: -6)
        guard from <= to else { throw AppError.validation("from", "from must not be after to") }
        guard Self.day(from, offset: Self.maxDays) > to else {
            throw AppError.validation("from", "a report covers at most \(Self.maxDays) days")
        }
        let grouping = try Self.grouping.read(request)
        let rows = try await services.reports.summary(userId: user.id, from: from, to: to, by: grouping)
        return JSONBody.response(json: Envelope(ReportDTO(from: from, to: to, by: grouping, rows: rows)))
    }

    static func day(_ date: String, offset: Int) -> String {
        let start = LocalDate.bounds(of: date, timezone: .gmt)!.start
        return LocalDate.string(for: start.addingTimeInterval(Double(offset) * 86_400), timezone: "UTC")
    }
}
