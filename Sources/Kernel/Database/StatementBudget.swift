import PostgresNIO
import SQLKit

/// What makes a PostgreSQL statement that runs on its own (committed when it ends) fail, and
/// so write nothing, when it would end later than a budget after the server received it: a
/// column of its final `SELECT` divides by zero once `clock_timestamp()` has passed
/// `statement_timestamp()` plus the budget. Both times are the server's, so no clock skew
/// enters; the column is computed for the rows the statement returns, after its locks were
/// taken and its writes done. With a budget from `RequestDeadline.statementBudget()`, a write
/// answered 503 at its timeout while it waited for a lock cannot take effect once the lock is
/// free, without the two round trips of BEGIN and COMMIT.
public enum StatementBudget {
    /// The column, named `within_budget`.
    public static func column(_ budget: Duration) -> SQLQueryString {
        let seconds = Double(budget.components.seconds) + Double(budget.components.attoseconds) * 1e-18
        return """
            1 / (clock_timestamp() <= statement_timestamp() + \(bind: seconds) * INTERVAL '1 second')::int \
            AS within_budget
            """
    }

    /// Whether `error` is the failure of that column (SQLSTATE 22012, division by zero).
    public static func isExceeded(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError, error.code == .server else { return false }
        return error.serverInfo?[.sqlState] == "22012"
    }
}
