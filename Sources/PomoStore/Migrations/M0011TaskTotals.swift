import PomoCore
import SQLKit

/// The maintained totals gain a task dimension (pomodoros and focus minutes per task): counted
/// once here from the sessions already stored, a user and a page at a time.
struct M0011TaskTotals: Migration {
    let version = 11
    let name = "task totals"

    func apply(on db: any SQLDatabase, _ sql: SQLFlavor) async throws {
        let users = try await db.raw(
            "SELECT DISTINCT user_id FROM focus_sessions WHERE task_id IS NOT NULL ORDER BY user_id"
        ).all().map { try $0.decode(column: "user_id", as: Int64.self) }
        for userId in users {
            let recount = try await SQLFocusTotals.recount(userId: userId, on: db)
            var delta = FocusTotalsDelta()
            delta.user = recount.user.filter { $0.key.dimension == .task }
            guard !delta.user.isEmpty else { continue }
            try await SQLFocusTotals.apply(delta, userId: userId, on: db)
        }
    }
}
