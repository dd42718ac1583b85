import Foundation
import Kernel
import TestSupport
import Testing

@testable import Orders
@testable import Payments

/// Paying and canceling one order at the same time: at most one charge, and a charge the
/// cancellation interrupted is refunded now or owed back, never left pending or answered
/// with a 500.
@Suite struct PaymentCancelRaceTests {
    /// A charge starts only while the order is `new`, judged when the payment is written, not
    /// when the request first read the order: a cancellation that has not committed yet holds
    /// the start back, which then sees the order canceled. (Without this, a request that read
    /// the order `new` could start a second charge after the first was refunded: found by a QA
    /// pass, 5 orders of 30 charged two or three times on PostgreSQL.)
    @Test(arguments: TestEnvironment.backends)
    func aChargeCannotStartOnceACancellationHasTakenTheOrder(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let id = Int64(try await shop.placedOrder([(try await shop.product(price: 500), 1)], as: buyer))
            let database = shop.app.runtime.database
            let orders = try shop.app.runtime.services.require(OrderBook.self)
            let store = PaymentStore()
            let canceling = Task {
                try await database.transaction { tx in
                    try await tx.raw("UPDATE orders SET status = 'canceled' WHERE id = \(bind: id)").run()
                    try await Task.sleep(for: .milliseconds(400))
                }
            }
            try await Task.sleep(for: .milliseconds(100))
            let started = try await database.withConnection { db in
                try await store.insertPending(
                    orderID: id, amountCents: 500, provider: "test", at: Date(),
                    while: orders.isNew(id, on: database.kind), on: db)
            }
            try await canceling.value
            #expect(started == nil)
            #expect(try await store.payments(orderID: id, on: database.sql).isEmpty)

            let reopened = try await database.sql.raw(
                "UPDATE orders SET status = 'new' WHERE id = \(bind: id) RETURNING id"
            ).first()
            #expect(reopened != nil)
            let pending = try await store.insertPending(
                orderID: id, amountCents: 500, provider: "test", at: Date(),
                while: orders.isNew(id, on: database.kind), on: database.sql)
            #expect(pending?.status == .pending)
        }
    }

    /// Many payers and one cancellation at once, repeatedly: never more than one charge per
    /// order, and every answer is one of the documented ones.
    @Test(arguments: TestEnvironment.backends)
    func parallelPaysAndACancelChargeAtMostOnce(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let product = try await shop.product(price: 250, stock: nil)
            for _ in 0..<8 {
                let id = try await shop.placedOrder([(product, 1)], as: buyer)
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    group.addTask { try await shop.onOrder("orders.cancel", id, as: buyer.token, via: .http).status }
                    for _ in 0..<6 {
                        group.addTask { try await shop.onOrder("payments.pay", id, as: buyer.token, via: .http).status }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(statuses.allSatisfy { [200, 201, 400, 409].contains($0) }, "\(statuses)")
                let payments = try await shop.onOrder("payments.list", id, as: buyer.token).array
                #expect(payments.count <= 1, "\(payments)")
            }
        }
    }

    /// The order is canceled while its charge is made and the provider cannot refund at that
    /// moment: the pay answers 409 saying the charge will be refunded (was a 500 leaving the
    /// payment `pending` without its reference), the payment is recorded as made and owed
    /// back, and the `payments.refunds` job refunds it once the provider answers.
    @Test(arguments: TestEnvironment.backends)
    func aRefundTheProviderCannotMakeAfterAnInterruptedChargeIsOwed(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let product = try await shop.product(price: 400, stock: 2)
            let id = try await shop.placedOrder([(product, 1)], as: buyer)
            let provider = InterleavingProvider(refundsFail: true) {
                let canceled = try await shop.onOrder("orders.cancel", id, as: buyer.token)
                #expect(canceled.status == 200)
            }
            let error = await #expect(throws: AppError.self) {
                try await PaymentEdgeTests.pay(id, as: buyer, through: provider, in: shop)
            }
            #expect(error?.status == 409)
            #expect(
                error?.message
                    == "Order status changed from new to canceled during payment; the charge will be refunded.")
            let payments = try await shop.onOrder("payments.list", id, as: buyer.token).array
            #expect(payments.map { $0["status"] } == ["paid"])
            let reference = provider.charges.withLock { $0 }.values.first
            #expect(payments.first?["provider_payment_id"] == reference.map(JSONValue.string))
            #expect(try await shop.stock(product) == 2)

            try await PaymentEdgeTests.agePayments(shop.app.runtime.database)
            let working = InterleavingProvider {}
            try await OwedRefundTests.runRefundsJob(through: working, in: shop)
            #expect(working.refunds.withLock { $0 } == 1)
            let settled = try await shop.onOrder("payments.list", id, as: buyer.token).array
            #expect(settled.map { $0["status"] } == ["refunded"])
        }
    }
}
