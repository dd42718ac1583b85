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
        guard database.kind == .postgres else { return try await takeExclusive(totals, on: db) }
        let rows = try await db.raw(
            """
            WITH \(Self.takeClause(totals, at: Timestamp.now())),
            stock_short AS (SELECT l.product_id FROM stock_locked l JOIN stock_wanted w ON w.id = l.product_id
                WHERE l.qty < w.q)
            SELECT product_id, true AS taken FROM stock_taken
            UNION ALL SELECT product_id, false FROM stock_short
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

    /// PostgreSQL: the take as `WITH` items (`StockTakeClause` names what they define). First
    /// every tracked row of the order is locked in product-id order (LockRows sits above the
    /// sort), so two orders never deadlock; a row is locked whatever its quantity, and the
    /// quantity read is its latest version (a lock waits for a concurrent writer and reads what
    /// it committed), so a restock committed while waiting is seen. Only if every locked row
    /// has enough (and the caller's `condition` holds) are they all decremented. An untracked
    /// row is not locked: orders of untracked products never queue behind each other.
    ///
    /// The update reads nothing of `inventory` but the product id: its scan reads the
    /// statement's snapshot, which may predate the lock, so the new quantity is the locked
    /// quantity minus the total (which the lock keeps exact until commit). From `inventory.qty`
    /// a restock committed while waiting would fail the `qty >= 0` check: PostgreSQL checks the
    /// row computed from the snapshot's version before it re-reads the latest.
    static func takeClause(_ totals: [Int: Int], at now: Date, when condition: SQLQueryString? = nil)
        -> SQLQueryString
    {
        """
        \(wanted(totals, as: "stock_wanted")),
        stock_locked AS MATERIALIZED (
            SELECT i.product_id, i.qty FROM inventory i JOIN stock_wanted w ON w.id = i.product_id
            WHERE i.track_inventory ORDER BY i.product_id FOR UPDATE OF i
        ),
        stock_done AS MATERIALIZED (
            SELECT 1 AS done WHERE \(condition ?? "true") AND NOT EXISTS (
                SELECT 1 FROM stock_locked l JOIN stock_wanted w ON w.id = l.product_id WHERE l.qty < w.q)
        ),
        stock_taken AS (
            UPDATE inventory SET qty = l.qty - w.q, updated_at = \(bind: now)
            FROM stock_wanted w, stock_locked l, stock_done
            WHERE l.product_id = w.id AND inventory.product_id = w.id
            RETURNING inventory.product_id
        )
        """
    }

    /// The order's totals as a `name (id, q)` table for `WITH`, in product-id order.
    private static func wanted(_ totals: [Int: Int], as name: String) -> SQLQueryString {
        let values: [SQLQueryString] = totals.sorted { $0.key < $1.key }.map { "(\(bind: $0.key), \(bind: $0.value))" }
        return "\(unsafeRaw: name) (id, q) AS (VALUES \(values.joined(separator: ", ")))"
    }

    /// SQLite: the transaction holds the write lock, so nothing changes between the guarded
    /// update and, only when it missed some product, the read that tells short from untracked.
    private func takeExclusive(_ totals: [Int: Int], on db: any SQLDatabase) async throws
        -> Taking
    {
        let taken = try await db.raw(
            """
            WITH \(Self.wanted(totals, as: "v"))
            UPDATE inventory SET qty = inventory.qty - v.q, updated_at = \(bind: Timestamp.now())
            FROM v WHERE inventory.product_id = v.id AND inventory.track_inventory AND inventory.qty >= v.q
            RETURNING product_id
            """
        ).all()
        let done = Set(try taken.map { try $0.decode(column: "product_id", as: Int.self) })
        let missed = Set(totals.keys).subtracting(done)
        guard !missed.isEmpty else { return Taking(taken: done) }
        let short = try await db.raw(
            """
            SELECT product_id FROM inventory WHERE product_id IN (\(binds: missed.sorted())) AND track_inventory
            """
        ).all()
        return Taking(taken: done, short: Set(try short.map { try $0.decode(column: "product_id", as: Int.self) }))
    }
}
