import Foundation
import Logging

/// Opens the database a config names: `postgres://…` or `sqlite:PATH` / `sqlite::memory:`.
public enum DatabaseFactory {
    public static func open(_ settings: DatabaseSettings, stateDirectory: String, logger: Logger) async throws
        -> any Database
    {
        let url = settings.url
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            return try PostgresDatabase(
                url: url, maximumConnections: settings.poolSize,
                statementTimeoutSeconds: settings.statementTimeoutSeconds, logger: logger)
        }
        if url.hasPrefix("sqlite:") {
            let path = String(url.dropFirst("sqlite:".count))
            return try await SQLiteDatabase.open(path: path.isEmpty ? ":memory:" : path, logger: logger)
        }
        throw AppError(status: 500, code: "config", detail: "unsupported database URL scheme")
    }
}
