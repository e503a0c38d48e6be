import Foundation
import Hummingbird
import Logging
import PomoCore
import PomoStore

/// `GET /api/health` (no auth) and `GET /metrics`.
struct OperationsController {
    let services: AppServices

    struct Health: Codable, Sendable {
        var status: String
        var version: String
        var database: String
        var time: String
    }

    @Sendable func health(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let reachable: Bool
        do {
            try await services.database.ping()
            reachable = true
        } catch {
            context.logger.error("health check: database unreachable: \(String(reflecting: error))")
            reachable = false
        }
        return JSONBody.response(
            status: reachable ? .ok : .serviceUnavailable,
            json: Health(
                status: reachable ? "ok" : "database unavailable", version: PomoVersion.current,
                database: services.database.kind.rawValue, time: Timestamp.format(services.clock.now())))
    }

    @Sendable func metrics(_ request: Request, context: PomoRequestContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: .init(string: services.metrics.exposition() + databaseMetrics())))
    }

    /// SQLite's group commit: how many write transactions share each durable commit. PostgreSQL:
    /// how many writes took a transaction, and how many one statement that commits alone.
    private func databaseMetrics() -> String {
        if let statistics = services.database.postgresStatistics {
            return """
                # HELP pomo_postgres_write_transactions_total Write transactions run on PostgreSQL.
                # TYPE pomo_postgres_write_transactions_total counter
                pomo_postgres_write_transactions_total \(statistics.transactions)
                # HELP pomo_postgres_single_statement_writes_total Writes sent as one statement that commits alone.
                # TYPE pomo_postgres_single_statement_writes_total counter
                pomo_postgres_single_statement_writes_total \(statistics.singleStatements)

                """
        }
        guard let statistics = services.database.writeStatistics else { return "" }
        return """
            # HELP pomo_sqlite_write_transactions_total Write transactions run on SQLite.
            # TYPE pomo_sqlite_write_transactions_total counter
            pomo_sqlite_write_transactions_total \(statistics.transactions)
            # HELP pomo_sqlite_commits_total Durable SQLite commits; group commit shares one among queued writes.
            # TYPE pomo_sqlite_commits_total counter
            pomo_sqlite_commits_total \(statistics.commits)
            # HELP pomo_sqlite_checkpoints_total Checkpoints of SQLite's write-ahead log, run beside the writer.
            # TYPE pomo_sqlite_checkpoints_total counter
            pomo_sqlite_checkpoints_total \(statistics.checkpoints)

            """
    }
}
