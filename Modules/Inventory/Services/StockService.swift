import Kernel

/// One line of a stock movement: a product and a positive quantity.
public struct StockLine: Sendable, Equatable {
    public var productID: Int
    public var quantity: Int

    public init(productID: Int, quantity: Int) {
        self.productID = productID
        self.quantity = quantity
    }
}

/// The stock service Inventory registers at boot for modules that sell (Orders). It works
/// inside the caller's transaction so an order and its stock movement commit together.
///
/// ```swift
/// let stock = try context.services.require((any StockService).self)
/// try await database.transaction { tx in
///     let taken = try await stock.take(lines, on: tx)   // 400 "Not enough stock for product 7."
///     ... insert the order ...
/// }
/// await stock.didChange(productIDs: lines.map(\.productID))   // after commit
/// ```
public protocol StockService: Sendable {
    /// Takes stock for `lines` (duplicate products merged first), all or nothing, without
    /// read-then-write races; untracked products are never decremented. Returns the products
    /// whose stock was taken (the tracked ones): only those are to be restored. Throws
    /// `AppError` 400 `Not enough stock for product <id>.` for the first short product.
    @discardableResult
    func take(_ lines: [StockLine], on transaction: any SQLDatabase) async throws -> Set<Int>
    /// The same take as `WITH` items for a statement of the caller's own (see
    /// `StockTakeClause`): all or nothing, rows locked in product-id order, never a lost update,
    /// and nothing taken unless `condition` (SQL over the caller's earlier `WITH` items; nil for
    /// none) holds. Nil on an engine whose `WITH` cannot hold an `UPDATE` (SQLite); the caller
    /// then uses `take` in its transaction. A short product is not named: the caller that wants
    /// the message runs `take`.
    func takeClause(_ lines: [StockLine], when condition: SQLQueryString?) throws -> StockTakeClause?
    /// Gives back stock that `take` took (for a cancelled order) to rows still tracked; the
    /// caller guarantees it happens once.
    func restore(_ lines: [StockLine], on transaction: any SQLDatabase) async throws
    /// Publishes the change after the caller's transaction committed (cache invalidation).
    func didChange(productIDs: [Int]) async
}
