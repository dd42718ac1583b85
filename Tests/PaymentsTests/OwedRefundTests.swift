import Foundation
import Kernel
import TestSupport
import Testing

@testable import Orders
@testable import Payments

/// Refunds of canceled paid orders are made after the cancellation commits, never inside it:
/// one the provider cannot make then is owed, and the `payments.refunds` job makes it later.
@Suite struct OwedRefundTests {
    /// A superuser cancels a paid order while the provider cannot refund: the cancellation
    /// commits anyway (canceled, stock back) and the payment stays `paid`, owing the refund.
    /// The job leaves it alone while the failed attempt's lease holds, then makes it once the
    /// provider answers: once, however many instances run the job at the same time.
    @Test(arguments: Shop.matrix)
    func aRefundTheProviderCannotMakeIsMadeLaterByTheJob(backend: Backend, via: Via) async throws {
        try await Shop.with(backend, payments: "refunds_unavailable: true") { shop in
            let buyer = try await shop.customer()
            let product = try await shop.product(price: 700, stock: 3)
            let id = try await shop.placedOrder([(product, 1)], as: buyer)
            #expect(try await shop.onOrder("payments.pay", id, as: buyer.token).status == 201)
            func statuses() async throws -> [JSONValue?] {
                try await shop.onOrder("payments.list", id, as: buyer.token).array.map { $0["status"] }
            }

            let canceled = try await shop.onOrder("orders.cancel", id, as: shop.adminToken, via: via)
            #expect(canceled.status == 200 && canceled.string("status") == "canceled")
            #expect(try await shop.stock(product) == 3)
            #expect(try await statuses() == ["paid"])

            let provider = InterleavingProvider {}
            try await Self.runRefundsJob(through: provider, in: shop)
            #expect(provider.refunds.withLock { $0 } == 0)

            try await PaymentEdgeTests.agePayments(shop.app.runtime.database)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 { group.addTask { try await Self.runRefundsJob(through: provider, in: shop) } }
                try await group.waitForAll()
            }
            #expect(provider.refunds.withLock { $0 } == 1)
            #expect(try await statuses() == ["refunded"])
            try await Self.runRefundsJob(through: provider, in: shop)
            #expect(provider.refunds.withLock { $0 } == 1)
            #expect(try await shop.onOrder("orders.cancel", id, as: shop.adminToken, via: via).status == 409)
        }
    }

    /// The job refunds only what a cancellation asked for: an old paid payment of an order
    /// that stays confirmed is left alone.
    @Test(arguments: TestEnvironment.backends)
    func aPaidOrderNobodyCanceledIsNeverRefunded(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let id = try await shop.placedOrder([(try await shop.product(price: 300), 1)], as: buyer)
            #expect(try await shop.onOrder("payments.pay", id, as: buyer.token).status == 201)
            try await shop.app.runtime.database.sql.raw(
                "UPDATE payments SET updated_at = \(bind: Date().addingTimeInterval(-3600))"
            ).run()
            let provider = InterleavingProvider {}
            try await Self.runRefundsJob(through: provider, in: shop)
            #expect(provider.refunds.withLock { $0 } == 0)
            let payments = try await shop.onOrder("payments.list", id, as: buyer.token)
            #expect(payments.array.map { $0["status"] } == ["paid"])
            #expect(try await shop.onOrder("orders.get", id, as: buyer.token).string("status") == "confirmed")
        }
    }

    /// Runs the `payments.refunds` job once, with `provider` answering.
    static func runRefundsJob(through provider: any PaymentProvider, in shop: Shop) async throws {
        let runtime = shop.app.runtime
        let refunds = OwedRefunds(
            database: runtime.database, store: PaymentStore(), providers: [provider.name: provider],
            logger: runtime.logger)
        try await refunds.run()
    }
}
