import Catalog
import Inventory
import Logging
import NIOCore
import SQLKit
import Synchronization
import TestSupport
import Testing

@testable import Kernel
@testable import Orders

/// How many round trips a checkout costs: on PostgreSQL one statement (prices, stock take and
/// order together), in a transaction so that a request answered 503 at its timeout rolls it
/// back; on SQLite one transaction of several. What the statement refuses, the transaction
/// decides again, with the original's errors.
@Suite struct CheckoutStatementTests {
    @Test(arguments: TestEnvironment.backends)
    func placesAnOrderInOneStatementOnPostgreSQL(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let (phone, cover) = (try await shop.product(price: 1999, stock: 5), try await shop.product(price: 250))
            let runtime = shop.app.runtime
            let counting = CountingDatabase(base: runtime.database)
            let checkout = Checkout(
                database: counting, store: OrderStore(),
                pricing: try runtime.services.require((any ProductPricing).self),
                stock: try runtime.services.require((any StockService).self), events: runtime.events)
            let lines = [
                Checkout.Line(productID: phone, quantity: 2), Checkout.Line(productID: cover, quantity: 1),
                Checkout.Line(productID: phone, quantity: 1),
            ]
            let answer = try JSONParser.parse(try await checkout.place(lines, userID: Int64(buyer.id), claim: .none))
            #expect(answer["total_cents"] == .int(3 * 1999 + 250))
            guard case .array(let items)? = answer["items"] else { throw TestSetupError("no items: \(answer)") }
            #expect(items.count == 3)
            let statements = counting.counts.statements.load(ordering: .relaxed)
            let transactions = counting.counts.transactions.load(ordering: .relaxed)
            if backend == .postgres {
                #expect(statements == 1 && transactions == 1)
            } else {
                #expect(transactions == 1)
            }
            #expect(try await shop.stock(phone) == 2)
            #expect(try await shop.stock(cover) == 10 - 1)

            // Refused: nothing written by the statement, and the transaction names the reason.
            let hidden = try await shop.product(price: 100, stock: 5, active: false)
            let huge = try await shop.product(price: 2_000_000_000, stock: nil)
            let refusals: [([Checkout.Line], Int, String?)] = [
                ([Checkout.Line(productID: phone, quantity: 3)], 400, "Not enough stock for product \(phone)."),
                (
                    [Checkout.Line(productID: phone, quantity: 1), Checkout.Line(productID: hidden, quantity: 1)], 400,
                    "Product \(hidden) not found or inactive."
                ),
                (
                    [Checkout.Line(productID: phone, quantity: 1), Checkout.Line(productID: huge, quantity: 2)], 422,
                    nil
                ),
            ]
            for (lines, status, message) in refusals {
                let error = await #expect(throws: AppError.self) {
                    try await checkout.place(lines, userID: Int64(buyer.id), claim: .none)
                }
                #expect(error?.status == status)
                if let message { #expect(error?.message == message) }
            }
            #expect(try await shop.stock(phone) == 2)
            #expect(try await shop.stock(hidden) == 5)
            #expect(try await shop.orderCount() == 1)
        }
    }
}

/// A database that counts the statements run through it and the transactions it opens.
struct CountingDatabase: Database {
    final class Counts: Sendable {
        let statements = Atomic(0)
        let transactions = Atomic(0)
    }

    let base: any Database
    let counts = Counts()

    var kind: DatabaseKind { base.kind }
    var sql: any SQLDatabase { CountingSQL(base: base.sql, counts: counts) }

    func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        counts.transactions.add(1, ordering: .relaxed)
        let counts = counts
        return try await base.transaction { tx in try await body(CountingSQL(base: tx, counts: counts)) }
    }

    func withConnection<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let counts = counts
        return try await base.withConnection { db in try await body(CountingSQL(base: db, counts: counts)) }
    }

    func run() async {}
    func shutdown() async {}
}

struct CountingSQL: AsyncSQLDatabase {
    let base: any SQLDatabase
    let counts: CountingDatabase.Counts
    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var dialect: any SQLDialect { base.dialect }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        counts.statements.add(1, ordering: .relaxed)
        try await base.execute(sql: query, onRow)
    }
}
