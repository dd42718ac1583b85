import Kernel
import Logging

/// Reads a database that `ecom` subprocesses write, the way an operator would check it with
/// `psql` or `sqlite3`: by URL, one short-lived connection per call.
public enum SQLProbe {
    /// The rows `query` returns, every column read as text (NULL as "NULL"), in column order.
    /// Cast non-text columns in the query (`CAST(x AS TEXT)`) on PostgreSQL.
    public static func rows(_ url: String, _ query: String) async throws -> [[String]] {
        var logger = Logger(label: "test.probe")
        logger.logLevel = .error
        return try await TestDatabase.using(DatabaseSettings(url: url, poolSize: 1), logger: logger) { database in
            let rows = try await database.sql.raw(SQLQueryString(query)).all()
            return try rows.map { row in
                try row.allColumns.map { try row.decode(column: $0, as: String?.self) ?? "NULL" }
            }
        }
    }

    /// The first column of the first row of `query` as an integer (COUNT, SUM, a quantity).
    public static func int(_ url: String, _ query: String) async throws -> Int {
        guard let text = try await rows(url, query).first?.first, let value = Int(text) else {
            throw TestSetupError("no integer from \(query)")
        }
        return value
    }
}
