import FoundationEssentials
import Kernel

extension InventoryStore {
    /// What `take` did: the tracked products whose totals were taken, and the tracked products
    /// that are short (then the caller's transaction must roll back: others may be taken).
    struct Taking: Equatable {
        var taken: Set<Int> = []
        var short: Set<Int> = []
    }

    /// Takes each product's total from its tracked row in one round trip. Untracked products and
    /// products without a row are left alone: neither taken nor ever short.
    func take(_ totals: [Int: Int], on db: any SQLDatabase) async throws -> Taking {
        guard !totals.isEmpty else { return Taking() }
        // Product-id order, so that the PostgreSQL rows are locked in it.
        let sorted = totals.sorted { $0.key < $1.key }.map { (productID: $0.key, quantity: $0.value) }
        guard database.kind == .postgres else { return try await takeExclusive(sorted, on: db) }
        let first = try await takeLocking(sorted, on: db)
        guard !first.short.isEmpty else { return first }
        // The update read a row short in the statement's snapshot, maybe before a restock that
        // committed before the row was locked: decide those again in a new statement, which
        // sees their latest version (they stay locked, so no lock is taken out of order).
        let again = try await takeLocking(sorted.filter { first.short.contains($0.productID) }, on: db)
        return Taking(taken: first.taken.union(again.taken), short: again.short)
    }

    /// The order's lines as a `v (id, q)` table for WITH.
    private static func wanted(_ totals: [(productID: Int, quantity: Int)]) -> SQLQueryString {
        let values: [SQLQueryString] = totals.map { "(\(bind: $0.productID), \(bind: $0.quantity))" }
        return "v (id, q) AS (VALUES \(values.joined(separator: ", ")))"
    }

    /// PostgreSQL: first every tracked row of the order is locked in product-id order (LockRows
    /// sits above the sort), so two orders never deadlock; a row is locked whatever its
    /// quantity. Then the guarded update, only of locked rows; tracked rows it did not take are
    /// short. An untracked row is not locked: orders of untracked products never queue behind
    /// each other.
    private func takeLocking(_ totals: [(productID: Int, quantity: Int)], on db: any SQLDatabase) async throws
        -> Taking
    {
        let rows = try await db.raw(
            """
            WITH \(Self.wanted(totals)),
            locked AS (
                SELECT i.product_id FROM inventory i JOIN v ON v.id = i.product_id
                WHERE i.track_inventory ORDER BY i.product_id FOR UPDATE OF i
            ),
            taken AS (
                UPDATE inventory SET qty = inventory.qty - v.q, updated_at = \(bind: Date())
                FROM v JOIN locked ON locked.product_id = v.id
                WHERE inventory.product_id = v.id AND inventory.track_inventory AND inventory.qty >= v.q
                RETURNING inventory.product_id
            )
            SELECT locked.product_id, taken.product_id IS NOT NULL AS taken
            FROM locked LEFT JOIN taken ON taken.product_id = locked.product_id
            """
        ).all()
        var result = Taking()
        for row in rows {
            let productID = try row.decode(column: "product_id", as: Int.self)
            if try row.decode(column: "taken", as: Bool.self) {
                result.taken.insert(productID)
            } else {
                result.short.insert(productID)
            }
        }
        return result
    }

    /// SQLite: the transaction holds the write lock, so nothing changes between the guarded
    /// update and, only when it missed some product, the read that tells short from untracked.
    private func takeExclusive(_ totals: [(productID: Int, quantity: Int)], on db: any SQLDatabase) async throws
        -> Taking
    {
        let taken = try await db.raw(
            """
            WITH \(Self.wanted(totals))
            UPDATE inventory SET qty = inventory.qty - v.q, updated_at = \(bind: Date())
            FROM v WHERE inventory.product_id = v.id AND inventory.track_inventory AND inventory.qty >= v.q
            RETURNING product_id
            """
        ).all()
        let done = Set(try taken.map { try $0.decode(column: "product_id", as: Int.self) })
        let missed = Set(totals.map(\.productID)).subtracting(done)
        guard !missed.isEmpty else { return Taking(taken: done) }
        let short = try await db.raw(
            """
            SELECT product_id FROM inventory WHERE product_id IN (\(binds: missed.sorted())) AND track_inventory
            """
        ).all()
        return Taking(taken: done, short: Set(try short.map { try $0.decode(column: "product_id", as: Int.self) }))
    }
}
