import Kernel

/// A stock take written as `WITH` items, for a caller that makes its own writes in the same
/// PostgreSQL statement (Orders: the order and its lines), so that the take and the writes
/// commit together without a transaction around them. The items define two relations the
/// caller's statement reads:
/// - `stock_done`: one row when the caller's condition held and every tracked product had
///   enough stock, and then all of it was taken; otherwise no row, and nothing was taken;
/// - `stock_taken (product_id)`: the products whose stock was taken.
///
/// ```swift
/// guard let take = try stock.takeClause(lines, when: nil) else { ... take(lines, on: tx) in a transaction ... }
/// let rows = try await db.raw("""
///     WITH \(take.items),
///     o AS (INSERT INTO orders (...) SELECT ... FROM stock_done RETURNING id)
///     SELECT o.id FROM o
///     """).all()   // no row: some product was short and nothing was written
/// ```
public struct StockTakeClause: Sendable {
    /// The `WITH` items, to follow the keyword.
    public let items: SQLQueryString
}
