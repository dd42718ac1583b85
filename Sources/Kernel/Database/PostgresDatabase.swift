import Logging
import NIOCore
import NIOPosix
import PostgresKit
import PostgresNIO
import SQLKit

/// PostgreSQL through a pooled `PostgresClient`; SQLKit statements lease a connection each.
/// Statements with parameters run prepared (`PreparingPostgresSQL`) unless `preparesStatements`
/// is false (for a pooler that cannot keep them, such as PgBouncer before 1.21).
public final class PostgresDatabase: Database {
    public let kind = DatabaseKind.postgres
    let pool: ReplaceablePool
    let logger: Logger
    let preparesStatements: Bool
    public let sql: any SQLDatabase
    /// Where the pool connects, for `probe` (and its message).
    private let probeConfiguration: PostgresConnection.Configuration
    private let place: String
    let heartbeat: PostgresHeartbeat

    /// A database for `url` (`postgres://user:pass@host:5432/db`); call `run()` to start the pool.
    public init(
        url: String, maximumConnections: Int = 20, statementTimeoutSeconds: Double? = nil,
        preparesStatements: Bool = true, logger: Logger
    ) throws {
        let endpoint: PostgresEndpoint
        do throws(ConfigURL.Problem) {
            guard let normalised = PostgresEndpoint.normalised(url) else {
                throw ConfigURL.Problem(message: "expected \(PostgresEndpoint.example)")
            }
            endpoint = try PostgresEndpoint(url: normalised)
        } catch {
            throw BootError("Invalid PostgreSQL URL: \(error.message)")
        }
        let tls = try Self.tls(endpoint)
        var configuration =
            if let socket = endpoint.socketPath {
                PostgresClient.Configuration(
                    unixSocketPath: socket, username: endpoint.username, password: endpoint.password,
                    database: endpoint.database)
            } else {
                PostgresClient.Configuration(
                    host: endpoint.host, port: endpoint.port, username: endpoint.username, password: endpoint.password,
                    database: endpoint.database, tls: tls.pool)
            }
        var probe =
            if let socket = endpoint.socketPath {
                PostgresConnection.Configuration(
                    unixSocketPath: socket, username: endpoint.username, password: endpoint.password,
                    database: endpoint.database)
            } else {
                PostgresConnection.Configuration(
                    host: endpoint.host, port: endpoint.port, username: endpoint.username, password: endpoint.password,
                    database: endpoint.database, tls: tls.probe)
            }
        let connectTimeout = TimeAmount.seconds(Int64(endpoint.connectTimeoutSeconds))
        probe.options.connectTimeout = connectTimeout
        self.probeConfiguration = probe
        self.place = (endpoint.socketPath ?? "\(endpoint.host):\(endpoint.port)") + "/" + (endpoint.database ?? "")
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(endpoint.connectTimeoutSeconds)
        configuration.options.keepAliveBehavior = .init(frequency: .seconds(30))
        if let statementTimeoutSeconds {
            // Sent at connection start-up, so every statement on every pooled connection is bounded.
            let milliseconds = Int((statementTimeoutSeconds * 1000).rounded())
            configuration.options.additionalStartupParameters = [("statement_timeout", "\(milliseconds)")]
        }
        let pool = ReplaceablePool { [configuration] in
            PostgresClient(configuration: configuration, backgroundLogger: logger)
        }
        self.pool = pool
        self.logger = logger
        self.preparesStatements = preparesStatements
        self.heartbeat = PostgresHeartbeat(
            configuration: probe, timeout: .seconds(endpoint.connectTimeoutSeconds), place: place, logger: logger,
            onOutage: { pool.replace() })
        self.sql = PooledPostgresSQL(
            pool: pool, heartbeat: heartbeat, logger: logger, prepares: preparesStatements)
    }

    /// Runs the pool and the heartbeat until cancelled.
    public func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.heartbeat.run() }
            await pool.run()
            group.cancelAll()
        }
    }

    /// Connects once, outside the pool, and runs `SELECT 1`: a server that is down, or a wrong
    /// database, user or password, then fails startup within the connect timeout with the
    /// server's own reason, instead of the pool retrying for a minute before giving up with its
    /// circuit breaker's name. `Runtime.run` calls it once `run` has started (so that the pool
    /// is running before boot leases its first connection).
    public func probe() async throws {
        do {
            let connection = try await PostgresConnection.connect(
                configuration: probeConfiguration, id: 0, logger: logger)
            do {
                _ = try await connection.query("SELECT 1", logger: logger).get()
                try await connection.close()
            } catch {
                try? await connection.close()
                throw error
            }
        } catch {
            throw DatabaseUnavailableError(reason: "cannot use PostgreSQL at \(place): \(Self.reason(error))")
        }
    }

    /// What went wrong, in the server's or the socket's words (PSQLError's own description
    /// is a fixed text that hides them).
    private static func reason(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return String(describing: error) }
        if let message = error.serverInfo?[.message] { return message }
        if let underlying = error.underlying { return String(describing: underlying) }
        return String(describing: error.code)
    }

    public func shutdown() async {}

    /// The call's budget, with its deadline on the server's clock as the heartbeat last read
    /// it; nil while no reading is recent, or while its round trip took a quarter of a second
    /// or more (the deadline is set early by half the round trip).
    public func statementBudget() -> StatementBudget? {
        guard let duration = RequestDeadline.statementBudget(), let clock = heartbeat.databaseClock(),
            clock.uncertainty < .milliseconds(125)
        else { return nil }
        return StatementBudget(duration: duration, deadline: clock.earliest(at: .now + duration))
    }

    public func withConnection<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try heartbeat.check()
        return try await DatabaseMetrics.track(.connection) {
            try await pool.client.leasing(preparing: preparesStatements) { sql in try await body(sql) }
        }
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try heartbeat.check()
        return try await DatabaseMetrics.track(.transaction) {
            try await pool.client.leasing(preparing: preparesStatements) { sql in
                try await sql.inTransaction(begin: "BEGIN", body)
            }
        }
    }
}
