import FoundationEssentials
import Kernel

/// The `inventory` table. Every write is one conditional statement (or runs under a row lock),
/// so concurrent writers can never lose each other's updates.
struct InventoryStore: Sendable {
    let database: any Database

    /// The product's stock, untracked when it has no row; 404 when the product does not exist.
    func level(of productID: Int) async throws -> InventoryLevel {
        let db = database.sql
        if let level = try await level(productID, on: db) { return level }
        guard try await productExists(productID, on: db) else { throw InventoryErrors.productNotFound }
        return .untracked(productID)
    }

    /// The stock of a product known to exist (the product detail's): untracked without a row.
    func level(ofExisting productID: Int) async throws -> InventoryLevel {
        try await level(productID, on: database.sql) ?? .untracked(productID)
    }

    /// Adds `delta` to the product's stock in one transaction; 404 for an unknown product, 409
    /// when its stock is not set or the result would leave `0...StockLimits.maximum` (nothing
    /// is changed then).
    func adjust(_ productID: Int, by delta: Int) async throws -> InventoryLevel {
        try await database.transaction { db in
            if let level = try await add(delta, to: productID, on: db) { return level }
            // The guarded update missed: explain why, with the row locked so the answer holds.
            guard let current = try await level(productID, on: db, locking: true), let qty = current.qty else {
                let exists = try await productExists(productID, on: db)
                throw exists ? InventoryErrors.notSet(productID) : InventoryErrors.productNotFound
            }
            if qty + delta < 0 { throw InventoryErrors.wouldGoNegative(productID) }
            if qty + delta > StockLimits.maximum { throw InventoryErrors.wouldOverflow(productID) }
            // Changed between the two statements; the row is locked now.
            guard let level = try await add(delta, to: productID, on: db) else {
                throw InventoryErrors.wouldGoNegative(productID)
            }
            return level
        }
    }

    /// The product's row, or nil when it has none. With `locking`, PostgreSQL holds the row until
    /// the transaction ends; SQLite transactions are exclusive already.
    private func level(_ productID: Int, on db: any SQLDatabase, locking: Bool = false) async throws
        -> InventoryLevel?
    {
        let lock: SQLQueryString = locking ? database.kind.rowLock(.update) : ""
        let row = try await db.raw(
            """
            SELECT product_id, qty, track_inventory FROM inventory WHERE product_id = \(bind: productID)\(lock)
            """
        ).first()
        return try row.map(Self.decode)
    }

    /// True when the product exists (active or not).
    private func productExists(_ productID: Int, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw("SELECT id FROM products WHERE id = \(bind: productID)").first() != nil
    }

    /// Creates or overwrites the row in its own transaction; nil when the product does not exist.
    func upsert(_ level: InventoryLevel) async throws -> InventoryLevel? {
        do {
            return try await database.transaction { db in
                let row = try await db.raw(
                    """
                    INSERT INTO inventory (product_id, qty, track_inventory, updated_at)
                    VALUES (\(bind: level.productID), \(bind: level.qty ?? 0), \(bind: level.trackInventory), \(bind: Timestamp.now()))
                    ON CONFLICT (product_id) DO UPDATE SET qty = excluded.qty,
                        track_inventory = excluded.track_inventory, updated_at = excluded.updated_at
                    RETURNING product_id, qty, track_inventory
                    """
                ).first()
                return try row.map(Self.decode)
            }
        } catch let error where DatabaseFailure(error)?.isForeignKey(table: "inventory", column: "product_id") == true {
            // Caught outside the transaction: on PostgreSQL the failed statement aborted it.
            return nil
        }
    }

    /// Adds `delta` when the result stays within `0...maximum`; nil when there is no such row
    /// or the result would leave that range (nothing is changed then).
    private func add(_ delta: Int, to productID: Int, on db: any SQLDatabase) async throws -> InventoryLevel? {
        let row = try await db.raw(
            """
            UPDATE inventory SET qty = qty + \(bind: delta), updated_at = \(bind: Timestamp.now())
            WHERE product_id = \(bind: productID) AND qty + \(bind: delta) >= 0
                AND qty + \(bind: delta) <= \(bind: StockLimits.maximum)
            RETURNING product_id, qty, track_inventory
            """
        ).first()
        return try row.map(Self.decode)
    }

    /// Gives `quantity` back to a tracked row, capped at the maximum.
    func increment(_ productID: Int, by quantity: Int, on db: any SQLDatabase) async throws {
        let amount = min(quantity, StockLimits.maximum)
        try await db.raw(
            """
            UPDATE inventory SET updated_at = \(bind: Timestamp.now()), qty = CASE
                WHEN qty + \(bind: amount) > \(bind: StockLimits.maximum) THEN \(bind: StockLimits.maximum)
                ELSE qty + \(bind: amount) END
            WHERE product_id = \(bind: productID) AND track_inventory
            """
        ).run()
    }

    private static func decode(_ row: any SQLRow) throws -> InventoryLevel {
        InventoryLevel(
            productID: try row.decode(column: "product_id", as: Int.self),
            qty: try row.decode(column: "qty", as: Int.self),
            trackInventory: try row.decode(column: "track_inventory", as: Bool.self))
    }
}
