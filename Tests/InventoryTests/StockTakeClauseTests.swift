import Inventory
import Kernel
import TestSupport
import Testing

/// The stock take as `WITH` items of a caller's statement (what Orders' checkout runs on
/// PostgreSQL), and the lock it takes: `take` on PostgreSQL runs the same items.
@Suite struct StockTakeClauseTests {
    @Test(arguments: TestEnvironment.backends)
    func takesAllOrNothingInTheCallersStatement(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let app = shop.app
            let (low, high, untracked) = (
                try await shop.createProduct(), try await shop.createProduct(), try await shop.createProduct()
            )
            try await app.setStock(low, 5)
            try await app.setStock(high, 1)
            try await app.setStock(untracked, 0, tracked: false)
            let short = [
                StockLine(productID: low, quantity: 3), StockLine(productID: high, quantity: 2),
                StockLine(productID: untracked, quantity: 9),
            ]
            guard backend == .postgres else {
                // SQLite's WITH cannot hold an UPDATE: the caller is told to use a transaction.
                #expect(try app.stock.takeClause(short, when: nil) == nil)
                return
            }
            #expect(try await app.takeInOneStatement(short) == nil)
            #expect(try await app.storedQty(low) == 5)
            #expect(try await app.storedQty(high) == 1)

            // Duplicates count together; untracked products are neither locked nor taken.
            let fits = [
                StockLine(productID: low, quantity: 2), StockLine(productID: untracked, quantity: 9),
                StockLine(productID: low, quantity: 3), StockLine(productID: high, quantity: 1),
            ]
            #expect(try await app.takeInOneStatement(fits) == [low, high])
            #expect(try await app.storedQty(low) == 0)
            #expect(try await app.storedQty(high) == 0)
            #expect(try await app.storedQty(untracked) == 0)
            // The caller's condition does not hold: nothing is taken.
            try await app.setStock(low, 5)
            let one = [StockLine(productID: low, quantity: 1)]
            #expect(try await app.takeInOneStatement(one, when: "1 = 0") == nil)
            #expect(try await app.storedQty(low) == 5)
            #expect(try await app.takeInOneStatement(one, when: "1 = 1") == [low])
            #expect(try await app.storedQty(low) == 4)
            // Only untracked products: nothing to take, and nothing stops the caller's writes.
            #expect(try await app.takeInOneStatement([StockLine(productID: untracked, quantity: 1)]) == [])
        }
    }

    /// The statement's snapshot is taken before it waits for a row lock; what it decides on
    /// must be what the lock holder committed: a restock is sold, a sale is not sold twice.
    @Test(arguments: [false, true])
    func decidesOnWhatTheLockHolderCommitted(inOneStatement: Bool) async throws {
        try await Shop.with(.postgres) { shop in
            let app = shop.app
            let (restocked, sold) = (try await shop.createProduct(), try await shop.createProduct())
            try await app.setStock(restocked, 0)
            try await app.setStock(sold, 1)
            let taking = { @Sendable (productID: Int) async throws -> Bool in
                let line = [StockLine(productID: productID, quantity: 1)]
                if inOneStatement { return try await app.takeInOneStatement(line) != nil }
                do {
                    try await app.take(line)
                    return true
                } catch let error as AppError where error.status == 400 {
                    return false
                }
            }
            #expect(try await app.whileLockHeld(on: restocked, setting: 3) { try await taking(restocked) })
            #expect(try await app.storedQty(restocked) == 2)
            #expect(try await !app.whileLockHeld(on: sold, setting: 0) { try await taking(sold) })
            #expect(try await app.storedQty(sold) == 0)
        }
    }
}

extension TestApp {
    /// Runs the take as `WITH` items of one statement; the products taken, or nil when some
    /// product was short.
    func takeInOneStatement(_ lines: [StockLine], when condition: SQLQueryString? = nil) async throws -> Set<Int>? {
        let take = try #require(try stock.takeClause(lines, when: condition))
        let rows = try await runtime.database.sql.raw(
            """
            WITH \(take.items)
            SELECT 'done' AS what, NULL::bigint AS product_id FROM stock_done
            UNION ALL SELECT 'taken', product_id FROM stock_taken
            """
        ).all()
        guard try rows.contains(where: { try $0.decode(column: "what", as: String.self) == "done" }) else {
            #expect(rows.isEmpty, "taken without being done")
            return nil
        }
        return Set(try rows.compactMap { try $0.decode(column: "product_id", as: Int?.self) })
    }

    /// Locks the product's inventory row in a transaction, starts `body` (which must wait for
    /// the lock), sets the row's quantity to `qty`, commits, and returns what `body` returned.
    func whileLockHeld(on productID: Int, setting qty: Int, _ body: @escaping @Sendable () async throws -> Bool)
        async throws -> Bool
    {
        let database = runtime.database
        return try await database.transaction { tx in
            try await tx.raw("SELECT qty FROM inventory WHERE product_id = \(bind: productID) FOR UPDATE").run()
            let waiting = Task { try await body() }
            #expect(try await SQLProbe.someoneWaitsOnALock(database), "the take never waited for the lock")
            try await tx.raw("UPDATE inventory SET qty = \(bind: qty) WHERE product_id = \(bind: productID)").run()
            return waiting
        }.value
    }
}
