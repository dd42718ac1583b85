import Foundation
import SQLKit

/// What makes a PostgreSQL statement that runs on its own (committed when it ends) fail, and
/// so write nothing, when it would end too late for the call it serves: a column of its final
/// `SELECT` fails to read `marker` as a number once `clock_timestamp()` has passed either
/// bound. The column is computed for the rows the statement returns, after its locks were taken
/// and its writes done. With a budget from `Database.statementBudget()`, a write answered 503
/// at its timeout cannot take effect later, without the two round trips of BEGIN and COMMIT:
/// - `duration` after `statement_timestamp()`: the statement waited for a row lock (both times
///   the server's, so no clock skew enters; it also holds should the server's clock be stepped
///   back after the reading the deadline below comes from);
/// - `deadline`, the call's deadline less the margin on the server's clock (`DatabaseClock`):
///   the statement reached the server late (a network partition healing, a paused server
///   resuming), when `statement_timestamp()` itself is already past the 503.
///
/// `DatabaseFailure` reads the failure as `.unavailable`, answered 503 as a statement timeout is.
public struct StatementBudget: Sendable {
    /// The text the failing column tries to read as an integer, named in the server's error.
    static let marker = "statement budget exceeded"

    /// How long the statement may run once the server has it.
    public let duration: Duration
    /// When it must have ended, on the database server's clock.
    public let deadline: Date

    public init(duration: Duration, deadline: Date) {
        self.duration = duration
        self.deadline = deadline
    }

    /// The column, named `within_budget` (1 within the budget).
    public var column: SQLQueryString {
        """
        (CASE WHEN clock_timestamp() <= statement_timestamp() + \(bind: duration.milliseconds) * INTERVAL '1 millisecond' \
        AND clock_timestamp() <= \(bind: deadline) THEN '1' ELSE '\(unsafeRaw: Self.marker)' END)::int \
        AS within_budget
        """
    }
}
