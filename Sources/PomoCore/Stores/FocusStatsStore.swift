import Foundation

/// Reads the totals a store keeps of each user's finished work sessions (`FocusTotals`): a few
/// rows by key, whatever the length of the history.
public protocol FocusStatsStore: Sendable {
    /// What `UserStats.compute(_ snapshot:...)` needs, with per-day totals from `firstDay` on.
    func snapshot(userId: Int64, firstDay: String) async throws -> FocusStatsSnapshot
    /// The user's all-time totals in one dimension, by key; keys with nothing finished left out.
    func totals(userId: Int64, _ dimension: TotalsDimension) async throws -> [String: FocusTotals]
}
