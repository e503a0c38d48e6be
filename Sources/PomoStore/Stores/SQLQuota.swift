import Foundation
import PomoCore
import SQLKit

/// A quota check inside the transaction that adds a row: on PostgreSQL the user's adds take
/// turns (an advisory lock per user), so two at once cannot both pass the count; SQLite's single
/// writer already serializes them.
enum SQLQuota {
    static let lockBase: Int64 = 0x706F_6D6F_7175_0000  // "pomoqu"

    /// Throws `refusal` when `count` (a `SELECT COUNT(*) AS n ...` of the user's rows) is at `max`.
    static func check(
        userId: Int64, max: Int, _ count: SQLQueryString, on db: any SQLDatabase, _ refusal: @autoclosure () -> AppError
    ) async throws {
        try await db.serializeWrites(key: lockBase &+ userId)
        let n = try await db.raw(count).first()?.decode(column: "n", as: Int.self) ?? 0
        if n >= max { throw refusal() }
    }
}
