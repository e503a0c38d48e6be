import PostgresNIO

enum SQLErrors {
    /// True when `error` is a unique-constraint violation, on either database.
    static func isUniqueViolation(_ error: any Error) -> Bool {
        if let sqlite = error as? SQLiteFailure {
            return sqlite.isUniqueViolation
        }
        if let postgres = error as? PSQLError {
            return postgres.serverInfo?[.sqlState] == "23505"
        }
        return false
    }
}
