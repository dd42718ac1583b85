import Catalog
import FoundationEssentials
import Kernel

/// The `StockService` Inventory registers: one guarded update for all of an order's products,
/// rows locked in product-id order, so two orders never lose each other's decrement and never
/// deadlock on each other's rows.
struct StockKeeper: StockService {
    let store: InventoryStore
    let events: EventBus

    func take(_ lines: [StockLine], on transaction: any SQLDatabase) async throws -> Set<Int> {
        let taking = try await store.take(try Self.merge(lines), on: transaction)
        // The first short product in the caller's order, not the lowest id.
        if let line = lines.first(where: { taking.short.contains($0.productID) }) {
            throw InventoryErrors.notEnoughStock(line.productID)
        }
        return taking.taken
    }

    func takeClause(_ lines: [StockLine], when condition: SQLQueryString?) throws -> StockTakeClause? {
        guard store.database.kind == .postgres else { return nil }
        return StockTakeClause(
            items: InventoryStore.takeClause(try Self.merge(lines), at: Timestamp.now(), when: condition))
    }

    func restore(_ lines: [StockLine], on transaction: any SQLDatabase) async throws {
        for (productID, quantity) in try Self.merge(lines).sorted(by: { $0.key < $1.key }) {
            try await store.increment(productID, by: quantity, on: transaction)
        }
    }

    /// Stock shows on the product detail only, so cached listings stay (`listed: false`).
    /// One event for all of `productIDs`: an order's lines drop the cached details once.
    func didChange(productIDs: [Int]) async {
        guard !productIDs.isEmpty else { return }
        await events.publish(ProductChanged(productIDs: productIDs, listed: false))
    }

    /// Sums the quantities per product (saturating: no stock is that large anyway).
    static func merge(_ lines: [StockLine]) throws -> [Int: Int] {
        var totals: [Int: Int] = [:]
        for line in lines {
            guard line.quantity > 0 else { throw AppError.badRequest("Quantity must be greater than 0.") }
            let (sum, overflow) = totals[line.productID, default: 0].addingReportingOverflow(line.quantity)
            totals[line.productID] = overflow ? Int.max : sum
        }
        return totals
    }
}
