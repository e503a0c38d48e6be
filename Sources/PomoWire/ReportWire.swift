import PomoCore

/// `GET /api/v1/reports/summary` (Pomo's own, in the TaskWorks envelope).
public struct ReportDTO: Codable, Sendable, Equatable {
    public var from: String
    public var to: String
    public var by: ReportGrouping
    public var rows: [ReportRow]
    public var total: ReportRow

    public init(from: String, to: String, by: ReportGrouping, rows: [ReportRow]) {
        self.from = from
        self.to = to
        self.by = by
        self.rows = rows
        total = ReportRow(
            key: "total", sessions: rows.reduce(0) { $0 + $1.sessions }, minutes: rows.reduce(0) { $0 + $1.minutes },
            points: (rows.reduce(0) { $0 + $1.points } * 10).rounded() / 10)
    }
}
