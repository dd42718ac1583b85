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

extension SQLProbe {
    /// Waits (5 s at most) until another backend of `database`'s PostgreSQL database waits on a
    /// lock, for tests that start a statement and must know it is blocked before going on.
    /// True when one did.
    public static func someoneWaitsOnALock(_ database: any Database) async throws -> Bool {
        for _ in 0..<200 {
            let row = try await database.sql.raw(
                """
                SELECT COUNT(*) AS n FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock'
                """
            ).first()
            if try (row?.decode(column: "n", as: Int.self) ?? 0) > 0 { return true }
            try await Task.sleep(for: .milliseconds(25))
        }
        return false
    }
}
