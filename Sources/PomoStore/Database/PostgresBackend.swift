import Foundation
import Logging
import PostgresKit
import PostgresNIO
import SQLKit
import Synchronization

/// PostgreSQL through PostgresNIO's `PostgresClient` pool. The pool runs in a task owned here,
/// so a store works the same in the server, the CLI commands and the tests.
final class PostgresBackend: Sendable {
    private let client: PostgresClient
    private let runTask: Task<Void, Never>
    private let logger: Logger
    private let closed = Mutex(false)
    private let listeners = Mutex(0)
    private let transactions = Atomic<Int>(0)
    private let singleStatements = Atomic<Int>(0)

    init(configuration: PostgresClient.Configuration, logger: Logger) async throws {
        self.logger = logger
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        runTask = Task { await client.run() }
        // Fail at start, with the server's own message, when the database cannot be reached.
        try await client.withConnection { connection in
            _ = try await connection.query("SELECT 1", logger: logger)
        }
    }

    func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await body(PostgresKeptStatements(connection))
        }
    }

    func write<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        transactions.add(1, ordering: .relaxed)
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await body(PostgresKeptStatements(connection))
            }
        } catch let error as PostgresTransactionError {
            // The body's own error, once the rollback went through, is what callers act on.
            if let bodyError = error.closureError, error.rollbackError == nil { throw bodyError }
            throw error
        }
    }

    /// Runs `body`, one statement that commits by itself, on a connection of the pool.
    func commitAlone<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        singleStatements.add(1, ordering: .relaxed)
        return try await read(body)
    }

    /// Write transactions begun so far, and statements sent to commit by themselves.
    var statistics: PostgresWriteStatistics {
        PostgresWriteStatistics(
            transactions: transactions.load(ordering: .relaxed),
            singleStatements: singleStatements.load(ordering: .relaxed))
    }

    /// Calls `notified` for each notification on `channel` until the task is cancelled or the
    /// database is closed (the pool cannot shut down while a listener holds a connection).
    func listen(_ channel: String, _ notified: @escaping @Sendable () -> Void) async throws {
        guard !closed.withLock({ $0 }) else { return }
        listeners.withLock { $0 += 1 }
        defer { listeners.withLock { $0 -= 1 } }
        let client = client
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await client.withConnection { connection in
                    try await connection.listen(on: channel) { notifications in
                        for try await _ in notifications { notified() }
                    }
                }
            }
            group.addTask {
                while !self.closed.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(100)) }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    func close() async {
        closed.withLock { $0 = true }
        // Listeners give their connections back first (within their 100 ms check).
        for _ in 0..<50 where listeners.withLock({ $0 }) > 0 { try? await Task.sleep(for: .milliseconds(20)) }
        runTask.cancel()
        _ = await runTask.value
    }
}

/// How PostgreSQL writes were sent: in transactions (BEGIN, statements, COMMIT), or as one
/// statement that commits by itself (`PomoDatabase.commitAlone`).
public struct PostgresWriteStatistics: Sendable, Equatable {
    public var transactions: Int
    public var singleStatements: Int
}

/// `postgres://user:password@host:port/database?sslmode=disable|prefer|require`, or, as libpq
/// reads it, `postgres://user:password@/database?host=/run/postgresql[&port=5432]` for the
/// server's Unix socket in that directory (`.s.PGSQL.<port>`): a PostgreSQL on the same machine,
/// reached without a TCP listener (Debian's packages listen there, and it is what `psql` and
/// `pg_dump` read from the same URL).
public struct PostgresURL: Sendable {
    public var configuration: PostgresClient.Configuration

    public init(_ text: String) throws {
        guard let components = URLComponents(string: text),
            ["postgres", "postgresql"].contains(components.scheme ?? "")
        else { throw PostgresURLError(message: Self.usage) }
        func query(_ name: String) -> String? { components.queryItems?.first { $0.name == name }?.value }
        let database = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let username = components.user?.removingPercentEncoding ?? "postgres"
        let password = components.password?.removingPercentEncoding
        let port = query("port").map { Int($0) ?? 0 } ?? components.port ?? 5432
        guard (1...65_535).contains(port) else {
            throw PostgresURLError(message: "port must be a number from 1 to 65535")
        }
        if let directory = query("host"), directory.hasPrefix("/") {
            guard components.host?.isEmpty ?? true else {
                throw PostgresURLError(message: "give a host name or ?host=/socket/directory, not both")
            }
            // TLS has no meaning on a local socket; `require` cannot be honoured there.
            guard !["require", "verify-ca", "verify-full"].contains(query("sslmode") ?? "disable") else {
                throw PostgresURLError(message: "sslmode=\(query("sslmode") ?? "") cannot be met over a Unix socket")
            }
            configuration = PostgresClient.Configuration(
                unixSocketPath: (directory.hasSuffix("/") ? directory : directory + "/") + ".s.PGSQL.\(port)",
                username: username, password: password, database: database.isEmpty ? nil : database)
            return
        }
        guard let host = components.host, !host.isEmpty else { throw PostgresURLError(message: Self.usage) }
        let tls: PostgresClient.Configuration.TLS
        switch query("sslmode") ?? "prefer" {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer(.makeClientConfiguration())
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        default: throw PostgresURLError(message: "sslmode must be disable, prefer or require")
        }
        configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password,
            database: database.isEmpty ? nil : database, tls: tls)
    }

    static let usage =
        "expected postgres://user:password@host:port/database, or postgres://user@/database?host=/socket/directory"
}

public struct PostgresURLError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension PomoDatabase {
    public static func openSQLite(path: String, logger: Logger) async throws -> PomoDatabase {
        PomoDatabase(backend: .sqlite(try await SQLiteBackend(path: path, logger: logger)))
    }

    /// `poolSize` connections at most; `statementTimeout` seconds per statement (0: none), set as
    /// the connection's `statement_timeout` when it opens, so it costs no round trip.
    public static func openPostgres(url: String, poolSize: Int = 20, statementTimeout: Int = 0, logger: Logger)
        async throws -> PomoDatabase
    {
        var configuration = try PostgresURL(url).configuration
        configuration.options.maximumConnections = poolSize
        if statementTimeout > 0 {
            configuration.options.additionalStartupParameters.append(("statement_timeout", "\(statementTimeout)s"))
        }
        return PomoDatabase(backend: .postgres(try await PostgresBackend(configuration: configuration, logger: logger)))
    }
}
