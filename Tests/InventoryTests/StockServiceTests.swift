import Catalog
import Inventory
import Kernel
import Synchronization
import TestSupport
import Testing

@Suite struct StockServiceTests {
    @Test(arguments: TestEnvironment.backends)
    func takesMergedLinesAndLeavesUntrackedProductsAlone(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let app = shop.app
            let (tracked, untracked, rowless) = (
                try await shop.createProduct(), try await shop.createProduct(), try await shop.createProduct()
            )
            try await app.setStock(tracked, 5)
            try await app.setStock(untracked, 0, tracked: false)
            let taken = try await app.take([
                StockLine(productID: tracked, quantity: 2), StockLine(productID: untracked, quantity: 100),
                StockLine(productID: rowless, quantity: 7), StockLine(productID: tracked, quantity: 3),
            ])
            #expect(taken == [tracked])
            #expect(try await app.storedQty(tracked) == 0)
            #expect(try await app.storedQty(untracked) == 0)
            #expect(try await app.storedQty(rowless) == nil)
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func takesAllOrNothingAndNamesTheFirstShortProductInRequestOrder(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let app = shop.app
            let (low, high) = (try await shop.createProduct(), try await shop.createProduct())
            try await app.setStock(low, 5)
            try await app.setStock(high, 1)
            let lines = [StockLine(productID: low, quantity: 3), StockLine(productID: high, quantity: 2)]
            await #expect(
                throws: AppError.badRequest("Not enough stock for product \(high).", code: "insufficient_stock")
            ) {
                try await app.take(lines)
            }
            #expect(try await app.storedQty(low) == 5)

            // Both short: the error names the first one the caller listed, not the lowest id.
            try await app.setStock(low, 0)
            let error = await #expect(throws: AppError.self) {
                try await app.take([StockLine(productID: high, quantity: 2), StockLine(productID: low, quantity: 1)])
            }
            #expect(error?.message == "Not enough stock for product \(high).")

            // Duplicates count together.
            try await app.setStock(low, 3)
            let merged = await #expect(throws: AppError.self) {
                try await app.take([StockLine(productID: low, quantity: 2), StockLine(productID: low, quantity: 2)])
            }
            #expect(merged?.status == 400)
            #expect(try await app.storedQty(low) == 3)

            await #expect(throws: AppError.self) { try await app.take([StockLine(productID: low, quantity: 0)]) }
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func restoresTrackedStock(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let app = shop.app
            let (tracked, untracked, rowless) = (
                try await shop.createProduct(), try await shop.createProduct(), try await shop.createProduct()
            )
            try await app.setStock(tracked, 2)
            try await app.setStock(untracked, 4, tracked: false)
            let stock = try app.stock
            try await app.runtime.database.transaction { db in
                try await stock.restore(
                    [
                        StockLine(productID: tracked, quantity: 3), StockLine(productID: untracked, quantity: 1),
                        StockLine(productID: rowless, quantity: 1), StockLine(productID: tracked, quantity: 1),
                    ], on: db)
            }
            #expect(try await app.storedQty(tracked) == 6)
            #expect(try await app.storedQty(untracked) == 4)
            #expect(try await app.storedQty(rowless) == nil)

            try await app.setStock(tracked, 2_147_483_640)
            try await app.runtime.database.transaction { db in
                try await stock.restore([StockLine(productID: tracked, quantity: 100)], on: db)
            }
            #expect(try await app.storedQty(tracked) == 2_147_483_647)
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func everyChangePublishesProductChanged(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let app = shop.app
            let token = shop.admin
            let (first, second) = (try await shop.createProduct(), try await shop.createProduct())
            let seen = Mutex<[[Int]]>([])
            let listed = Mutex(false)
            app.runtime.events.subscribe(ProductChanged.self) { event in
                seen.withLock { $0.append(event.productIDs) }
                if event.listed { listed.withLock { $0 = true } }
            }
            _ = try await app.call(
                "inventory.set", ["prod_id": .int(Int64(first)), "qty": 1, "track_inventory": true], via: .rpc,
                token: token)
            _ = try await app.call(
                "inventory.adjust", ["prod_id": .int(Int64(first)), "delta": 2], via: .rpc, token: token)
            #expect(seen.withLock { $0 } == [[first], [first]])

            // Failed changes publish nothing.
            _ = try await app.call(
                "inventory.adjust", ["prod_id": .int(Int64(first)), "delta": -9], via: .rpc, token: token)
            #expect(seen.withLock { $0 }.count == 2)

            // An order's products: one event naming each once.
            try await app.stock.didChange(productIDs: [second, first, second])
            #expect(seen.withLock { $0 } == [[first], [first], [second, first]])
            // Stock shows on the detail only: cached listings must stay.
            #expect(!listed.withLock { $0 })
        }
    }
}

extension TestApp {
    var stock: any StockService {
        get throws { try runtime.services.require((any StockService).self) }
    }

    /// Takes `lines` in a transaction of its own, as an order would; returns the products taken.
    @discardableResult
    func take(_ lines: [StockLine]) async throws -> Set<Int> {
        let stock = try self.stock
        return try await runtime.database.transaction { db in try await stock.take(lines, on: db) }
    }
}
