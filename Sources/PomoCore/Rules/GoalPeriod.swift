import Foundation

/// A goal's period; its date is normalised to the period's first day (Monday, or the 1st),
/// as Rails' `beginning_of_week` / `beginning_of_month` do.
public enum GoalPeriod: String, Sendable, CaseIterable {
    case week
    case month

    /// `YYYY-MM-DD` (or an ISO-8601 date-time, whose date part counts) → the period's first day;
    /// nil for anything that is not a real date.
    public func normalize(_ text: String) -> String? {
        let day = String(text.prefix(10))
        guard text.count == 10 || text.dropFirst(10).first == "T",
            let (date, _) = LocalDate.bounds(of: day, timezone: .gmt),
            LocalDate.string(for: date, timezone: "UTC") == day  // 2025-02-30 rolls over: refuse it
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let start: Date
        switch self {
        case .week:
            let weekday = calendar.component(.weekday, from: date)  // 1 = Sunday … 7 = Saturday
            start = calendar.date(byAdding: .day, value: -((weekday + 5) % 7), to: date)!
        case .month:
            start = calendar.date(from: calendar.dateComponents([.year, .month], from: date))!
        }
        return LocalDate.string(for: start, timezone: "UTC")
    }
}
