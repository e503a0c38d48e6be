import Foundation
import PomoCore
import SQLKit

extension SQLRow {
    func date(_ column: String) throws -> Date {
        Timestamp.date(milliseconds: try decode(column: column, as: Int64.self))
    }

    func optionalDate(_ column: String) throws -> Date? {
        try decode(column: column, as: Int64?.self).map(Timestamp.date(milliseconds:))
    }
}

/// Binds a `Date` as stored: milliseconds since 1970.
func ms(_ date: Date) -> Int64 { Timestamp.milliseconds(date) }
func ms(_ date: Date?) -> Int64? { date.map(Timestamp.milliseconds) }
