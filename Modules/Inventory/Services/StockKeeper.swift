import Catalog
import Kernel

/// The `StockService` Inventory registers: conditional updates in product-id order, so two
/// orders never lose each other's decrement and never deadlock on each other's rows.
struct StockKeeper: StockService {
    let store: InventoryStore
    let events: EventBus

    func take(_ lines: [StockLine], on transaction: any SQLDatabase) async throws {
        let totals = try Self.merge(lines)
        var taken = Set<Int>()
        for (productID, quantity) in totals.sorted(by: { $0.key < $1.key }) {
            guard try await takeOne(productID, quantity, on: transaction) else {
                let short = try await firstShort(lines, totals, skipping: taken, failed: productID, on: transaction)
                throw InventoryErrors.notEnoughStock(short)
            }
            taken.insert(productID)
        }
    }

    func restore(_ lines: [StockLine], on transaction: any SQLDatabase) async throws {
        for (productID, quantity) in try Self.merge(lines).sorted(by: { $0.key < $1.key }) {
            try await store.increment(productID, by: quantity, on: transaction)
        }
    }

    func didChange(productIDs: [Int]) async {
        var seen = Set<Int>()
        for productID in productIDs where seen.insert(productID).inserted {
            await events.publish(ProductChanged(productID: productID))
        }
    }

    /// Takes from a tracked row, or leaves an untracked product alone; false when short.
    private func takeOne(_ productID: Int, _ quantity: Int, on db: any SQLDatabase) async throws -> Bool {
        if try await store.decrement(productID, by: quantity, on: db) { return true }
        // The guarded update missed: find out why. "Untracked" and "short" hold as read; no lock
        // here, so orders of an untracked product never queue behind each other.
        guard let level = try await store.level(productID, on: db), level.trackInventory else { return true }
        guard level.covers(quantity) else { return false }
        // Restocked or re-tracked between the statements: decide again with the row locked.
        guard let locked = try await store.level(productID, on: db, locking: true), locked.trackInventory else {
            return true
        }
        return locked.covers(quantity) ? try await store.decrement(productID, by: quantity, on: db) : false
    }

    /// The first product, in the caller's order, that cannot be taken: the failed one or one not
    /// tried yet (products already taken were not short).
    private func firstShort(
        _ lines: [StockLine], _ totals: [Int: Int], skipping taken: Set<Int>, failed: Int, on db: any SQLDatabase
    ) async throws -> Int {
        for line in lines where !taken.contains(line.productID) {
            if line.productID == failed { return failed }
            let level = try await store.level(line.productID, on: db)
            if let level, !level.covers(totals[line.productID] ?? line.quantity) { return line.productID }
        }
        return failed
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
