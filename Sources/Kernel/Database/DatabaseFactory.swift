import Foundation
import Logging

/// Opens the database a config names: `postgres://…` or `sqlite:PATH` / `sqlite::memory:`.
public enum DatabaseFactory {
    public static func open(_ settings: DatabaseSettings, stateDirectory: String, logger: Logger) async throws
        -> any Database
    {
        let url = settings.url
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            // PostgresNIO's trace level dumps result rows in hex, password hashes included, so
            // its logs start at debug whatever `logging.level` says: no log line carries a hash.
            var postgresLogger = logger
            postgresLogger.logLevel = max(logger.logLevel, .debug)
            return try PostgresDatabase(
                url: url, maximumConnections: settings.poolSize,
                statementTimeoutSeconds: settings.statementTimeoutSeconds,
                preparesStatements: settings.preparedStatements, logger: postgresLogger)
        }
        if url.hasPrefix("sqlite:") {
            let path = String(url.dropFirst("sqlite:".count))
            return try await SQLiteDatabase.open(path: path.isEmpty ? ":memory:" : path, logger: logger)
        }
        throw BootError("unsupported database URL scheme in \(ConfigURL.redacted(url))")
    }
}
