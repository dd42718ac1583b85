import SQLKit

/// What makes a PostgreSQL statement that runs on its own (committed when it ends) fail, and
/// so write nothing, when it would end later than a budget after the server received it: a
/// column of its final `SELECT` fails to read `marker` as a number once `clock_timestamp()` has
/// passed `statement_timestamp()` plus the budget. Both times are the server's, so no clock
/// skew enters; the column is computed for the rows the statement returns, after its locks
/// were taken and its writes done. With a budget from `RequestDeadline.statementBudget()`, a
/// write answered 503 at its timeout while it waited for a lock cannot take effect once the
/// lock is free, without the two round trips of BEGIN and COMMIT. `DatabaseFailure` reads that
/// failure as `.unavailable`, answered 503 as a statement timeout is.
public enum StatementBudget {
    /// The text the failing column tries to read as an integer, named in the server's error.
    static let marker = "statement budget exceeded"

    /// The column, named `within_budget` (1 within the budget).
    public static func column(_ budget: Duration) -> SQLQueryString {
        let seconds = Double(budget.components.seconds) + Double(budget.components.attoseconds) * 1e-18
        return """
            (CASE WHEN clock_timestamp() <= statement_timestamp() + \(bind: seconds) * INTERVAL '1 second' \
            THEN '1' ELSE '\(unsafeRaw: marker)' END)::int AS within_budget
            """
    }
}
