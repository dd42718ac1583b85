import Inventory
import Kernel
import TestSupport
import Testing

/// The original sold 18–20 units out of a stock of 5 under 20 parallel orders. On PostgreSQL
/// both forms run: `take` in a transaction, and the take as `WITH` items of one statement.
@Suite struct StockConcurrencyTests {
    static let forms: [(Backend, Bool)] = TestEnvironment.backends.flatMap { backend in
        backend == .postgres ? [(backend, false), (backend, true)] : [(backend, false)]
    }

    @Test(arguments: forms)
    func parallelTakesNeverOversell(backend: Backend, inOneStatement: Bool) async throws {
        try await Shop.with(backend) { shop in
            let app = shop.app
            let id = try await shop.createProduct()
            try await app.setStock(id, 25)
            let sold = try await app.takeInParallel(200, inOneStatement: inOneStatement) { _ in
                [StockLine(productID: id, quantity: 1)]
            }
            #expect(sold == 25)
            #expect(try await app.storedQty(id) == 0)
        }
    }

    @Test(arguments: forms)
    func ordersListingProductsInOppositeOrdersDoNotDeadlock(backend: Backend, inOneStatement: Bool) async throws {
        try await Shop.with(backend) { shop in
            let app = shop.app
            let (first, second) = (try await shop.createProduct(), try await shop.createProduct())
            try await app.setStock(first, 30)
            try await app.setStock(second, 30)
            let sold = try await app.takeInParallel(80, inOneStatement: inOneStatement) { index in
                let lines = [StockLine(productID: first, quantity: 1), StockLine(productID: second, quantity: 1)]
                return index.isMultiple(of: 2) ? lines : lines.reversed()
            }
            #expect(sold == 30)
            #expect(try await app.storedQty(first) == 0)
            #expect(try await app.storedQty(second) == 0)
        }
    }
}

extension TestApp {
    /// Runs `count` takes at once, each in its own transaction (or statement); returns how many
    /// succeeded. Any failure other than "not enough stock" fails the test.
    func takeInParallel(
        _ count: Int, inOneStatement: Bool = false, lines: @escaping @Sendable (Int) -> [StockLine]
    ) async throws -> Int {
        let stock = try self.stock
        let database = runtime.database
        return try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<count {
                group.addTask {
                    if inOneStatement { return try await self.takeInOneStatement(lines(index)) != nil }
                    do {
                        _ = try await database.transaction { db in try await stock.take(lines(index), on: db) }
                        return true
                    } catch let error as AppError where error.status == 400 {
                        #expect(error.message.hasPrefix("Not enough stock for product "))
                        return false
                    }
                }
            }
            var sold = 0
            for try await success in group where success { sold += 1 }
            return sold
        }
    }
}
