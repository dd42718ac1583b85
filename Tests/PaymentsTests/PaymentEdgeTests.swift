import Foundation
import Kernel
import Synchronization
import TestSupport
import Testing

@testable import Orders
@testable import Payments

/// The paths between the charge and its confirmation, abandoned charges, bodiless requests and
/// the events orders and payments publish.
@Suite struct PaymentEdgeTests {
    @Test(arguments: TestEnvironment.backends)
    func anOrderCanceledDuringTheChargeIsRefunded(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let product = try await shop.product(price: 400, stock: 2)
            let id = try await shop.placedOrder([(product, 1)], as: buyer)
            let provider = InterleavingProvider {
                let canceled = try await shop.onOrder("orders.cancel", id, as: buyer.token)
                #expect(canceled.status == 200)
            }
            let error = await #expect(throws: AppError.self) {
                try await Self.pay(id, as: buyer, through: provider, in: shop)
            }
            #expect(error?.status == 409)
            #expect(
                error?.message == "Order status changed from new to canceled during payment; the charge was refunded.")
            #expect(provider.refunds.withLock { $0 } == 1)
            let payments = try await shop.onOrder("payments.list", id, as: buyer.token)
            #expect(payments.array.map { $0["status"] } == ["refunded"])
            #expect(try await shop.onOrder("orders.get", id, as: buyer.token).string("status") == "canceled")
            #expect(try await shop.stock(product) == 2)
        }
    }

    /// Pays order `id` as `buyer` through `provider`, as `payments.pay` does.
    static func pay(_ id: Int, as buyer: Shop.Customer, through provider: any PaymentProvider, in shop: Shop)
        async throws -> JSONValue
    {
        let runtime = shop.app.runtime
        let processor = PaymentProcessor(
            database: runtime.database, store: PaymentStore(), orders: try runtime.services.require(OrderBook.self),
            provider: provider, events: runtime.events)
        let claim = IdempotencyClaim(id: nil, status: 201, store: IdempotencyStore())
        let user = UserIdentity(id: Int64(buyer.id), email: "buyer@example.com", isSuperuser: false)
        return try JSONParser.parse(try await processor.pay(Int64(id), by: user, claim: claim, logger: runtime.logger))
    }

    /// A provider that charges, but takes the payments table away meanwhile: the outcome of
    /// the charge cannot be recorded, as when the database fails right after a charge.
    static func outcomeLosingProvider(_ db: any Database) -> InterleavingProvider {
        InterleavingProvider { try await db.sql.raw("ALTER TABLE payments RENAME TO payments_away").run() }
    }

    /// Pays through `outcomeLosingProvider`: the payment fails after the charge and stays
    /// `pending`; the table is back afterwards.
    static func payLosingTheOutcome(
        _ id: Int, as buyer: Shop.Customer, through provider: InterleavingProvider, in shop: Shop
    ) async throws {
        await #expect(throws: (any Error).self) { try await pay(id, as: buyer, through: provider, in: shop) }
        try await shop.app.runtime.database.sql.raw("ALTER TABLE payments_away RENAME TO payments").run()
    }

    /// A new order with a `pending` payment no provider ever charged.
    static func orderWithAnUnchargedPendingPayment(as buyer: Shop.Customer, in shop: Shop) async throws -> Int {
        let id = try await shop.placedOrder([(try await shop.product(price: 300), 1)], as: buyer)
        try await shop.app.runtime.database.sql.raw(
            """
            INSERT INTO payments (order_id, amount_cents, provider, status, created_at, updated_at)
            VALUES (\(bind: id), 300, 'test', 'pending', \(bind: Date()), \(bind: Date()))
            """
        ).run()
        return id
    }

    /// One run of the `payments.abandoned` job, asking `provider`.
    static func runAbandonedPaymentsJob(through provider: any PaymentProvider, in shop: Shop) async throws {
        let runtime = shop.app.runtime
        let processor = PaymentProcessor(
            database: runtime.database, store: PaymentStore(), orders: try runtime.services.require(OrderBook.self),
            provider: provider, events: runtime.events)
        let job = AbandonedPayments(
            database: runtime.database, store: PaymentStore(), processor: processor, logger: runtime.logger)
        try await job.run()
    }

    /// Makes every payment look untouched for 10 minutes: a `pending` one abandoned, an owed
    /// refund's lease run out.
    static func agePayments(_ db: any Database) async throws {
        try await db.sql.raw("UPDATE payments SET updated_at = \(bind: Date().addingTimeInterval(-600))").run()
    }

    /// The provider charged, then the database failed before the outcome was recorded (here:
    /// the payments table is away): the payment stays `pending`. Once it counts as abandoned,
    /// the next attempt asks the provider, finds the charge and completes the order with it —
    /// one charge, no refund, no second charge.
    @Test(arguments: TestEnvironment.backends)
    func aChargeWhoseOutcomeWasLostCompletesTheOrderOnTheNextAttempt(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let id = try await shop.placedOrder([(try await shop.product(price: 400), 1)], as: buyer)
            let db = shop.app.runtime.database
            let broken = Self.outcomeLosingProvider(db)
            try await Self.payLosingTheOutcome(id, as: buyer, through: broken, in: shop)
            #expect(try await shop.onOrder("orders.get", id, as: buyer.token).string("status") == "new")
            let busy = try await shop.onOrder("payments.pay", id, as: buyer.token)
            #expect(busy.status == 409)

            try await Self.agePayments(db)
            let provider = InterleavingProvider {}
            provider.charges.withLock { $0 = broken.charges.withLock { $0 } }
            let paid = try await Self.pay(id, as: buyer, through: provider, in: shop)
            #expect(paid["status"] == "paid")
            #expect(paid["provider_payment_id"] == .string(broken.charges.withLock { $0 }.values.first ?? ""))
            #expect(broken.charges.withLock { $0.count } == 1)
            #expect(provider.charges.withLock { $0.count } == 1)
            #expect(broken.refunds.withLock { $0 } + provider.refunds.withLock { $0 } == 0)
            let payments = try await shop.onOrder("payments.list", id, as: buyer.token)
            #expect(payments.array.map { $0["status"] } == ["paid"])
            #expect(try await shop.onOrder("orders.get", id, as: buyer.token).string("status") == "confirmed")
        }
    }

    /// A new order whose charge was abandoned after the provider took the money is canceled
    /// (nobody will pay it again): the periodic job asks the provider and refunds that charge;
    /// an abandoned charge the provider never made is marked failed.
    @Test(arguments: TestEnvironment.backends)
    func aCanceledOrdersAbandonedChargeIsRefundedByTheJob(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let db = shop.app.runtime.database
            let broken = Self.outcomeLosingProvider(db)
            let charged = try await shop.placedOrder([(try await shop.product(price: 400), 1)], as: buyer)
            try await Self.payLosingTheOutcome(charged, as: buyer, through: broken, in: shop)
            let never = try await Self.orderWithAnUnchargedPendingPayment(as: buyer, in: shop)
            try await Self.agePayments(db)

            for id in [charged, never] {
                #expect(try await shop.onOrder("orders.cancel", id, as: buyer.token).status == 200)
            }
            try await Self.runAbandonedPaymentsJob(through: broken, in: shop)
            #expect(broken.refunds.withLock { $0 } == 1)
            let paid = try await shop.onOrder("payments.list", charged, as: buyer.token)
            #expect(paid.array.map { $0["status"] } == ["refunded"])
            let reference = broken.charges.withLock { $0 }.values.first ?? ""
            #expect(paid.array.first?["provider_payment_id"] == .string(reference))
            let unpaid = try await shop.onOrder("payments.list", never, as: buyer.token)
            #expect(unpaid.array.map { $0["status"] } == ["failed"])
        }
    }

    /// The periodic job settles abandoned charges nobody comes back for: an order still new is
    /// completed with its charge, a charge on an order canceled meanwhile is refunded, and an
    /// abandoned payment the provider never charged is marked failed.
    @Test(arguments: TestEnvironment.backends)
    func theJobSettlesAbandonedChargesNobodyComesBackFor(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let db = shop.app.runtime.database
            let broken = Self.outcomeLosingProvider(db)
            var orders: [Int] = []
            for price in [400, 500] {
                let id = try await shop.placedOrder([(try await shop.product(price: price), 1)], as: buyer)
                try await Self.payLosingTheOutcome(id, as: buyer, through: broken, in: shop)
                orders.append(id)
            }
            let (kept, canceled) = (orders[0], orders[1])
            // Canceled while its payment is still pending (not abandoned yet): left to the job.
            #expect(try await shop.onOrder("orders.cancel", canceled, as: buyer.token).status == 200)
            let never = try await Self.orderWithAnUnchargedPendingPayment(as: buyer, in: shop)
            try await Self.agePayments(db)

            try await Self.runAbandonedPaymentsJob(through: broken, in: shop)
            try await Self.runAbandonedPaymentsJob(through: broken, in: shop)

            func statuses(_ id: Int) async throws -> [JSONValue?] {
                try await shop.onOrder("payments.list", id, as: buyer.token).array.map { $0["status"] }
            }
            #expect(try await statuses(kept) == ["paid"])
            #expect(try await shop.onOrder("orders.get", kept, as: buyer.token).string("status") == "confirmed")
            #expect(try await statuses(canceled) == ["refunded"])
            #expect(try await statuses(never) == ["failed"])
            #expect(broken.charges.withLock { $0.count } == 2)
            #expect(broken.refunds.withLock { $0 } == 1)
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func aChargeInFlightBlocksOthersUntilItIsAbandoned(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let id = try await shop.placedOrder([(try await shop.product(price: 400), 1)], as: buyer)
            let db = shop.app.runtime.database
            let insert = { (createdAt: Date) in
                try await db.transaction { tx in
                    try await tx.raw(
                        """
                        INSERT INTO payments (order_id, amount_cents, provider, status, created_at, updated_at)
                        VALUES (\(bind: id), 400, 'test', 'pending', \(bind: createdAt), \(bind: createdAt))
                        """
                    ).run()
                }
            }
            try await insert(Date())
            let busy = try await shop.onOrder("payments.pay", id, as: buyer.token)
            #expect(busy.status == 409)
            #expect(busy.detail == "A payment for this order is already being processed.")

            try await db.transaction { tx in
                try await tx.raw("UPDATE payments SET updated_at = \(bind: Date().addingTimeInterval(-600))").run()
            }
            #expect(try await shop.onOrder("payments.pay", id, as: buyer.token).status == 201)
            let payments = try await shop.onOrder("payments.list", id, as: buyer.token)
            #expect(payments.array.map { $0["status"] } == ["failed", "paid"])
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func payAndCancelNeedNoBody(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let product = try await shop.product(price: 100)
            let first = try await shop.placedOrder([(product, 1)], as: buyer)
            let second = try await shop.placedOrder([(product, 1)], as: buyer)
            let paid = try await shop.app.http(
                .post, "/orders/\(first)/pay", token: buyer.token, headers: ["Idempotency-Key": "bodiless"])
            #expect(paid.status == 201)
            let replay = try await shop.app.http(
                .post, "/orders/\(first)/pay", token: buyer.token, headers: ["Idempotency-Key": "bodiless"])
            #expect(replay.status == 201 && replay.body == paid.body)
            #expect(try await shop.app.http(.post, "/orders/\(second)/cancel", token: buyer.token).status == 200)
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func ordersAndPaymentsPublishTheirEvents(backend: Backend) async throws {
        try await Shop.with(backend, payments: "fail_every: 2") { shop in
            let seen = Mutex<[String]>([])
            let events = shop.app.runtime.events
            events.subscribe(OrderCreated.self) { _ in seen.withLock { $0.append(OrderCreated.name) } }
            events.subscribe(OrderConfirmed.self) { _ in seen.withLock { $0.append(OrderConfirmed.name) } }
            events.subscribe(OrderCanceled.self) { event in
                seen.withLock { $0.append("\(OrderCanceled.name) from \(event.previousStatus)") }
            }
            events.subscribe(PaymentSucceeded.self) { _ in seen.withLock { $0.append(PaymentSucceeded.name) } }
            events.subscribe(PaymentFailed.self) { _ in seen.withLock { $0.append(PaymentFailed.name) } }
            let buyer = try await shop.customer()
            let product = try await shop.product(price: 100)
            let paid = try await shop.placedOrder([(product, 1)], as: buyer)
            _ = try await shop.onOrder("payments.pay", paid, as: buyer.token)
            let declined = try await shop.placedOrder([(product, 1)], as: buyer)
            _ = try await shop.onOrder("payments.pay", declined, as: buyer.token)
            _ = try await shop.onOrder("orders.cancel", paid, as: shop.adminToken)
            #expect(
                seen.withLock { $0 } == [
                    "order.created", "order.confirmed", "payment.succeeded", "order.created", "payment.failed",
                    "order.canceled from confirmed",
                ])
        }
    }
}

/// A provider that runs `during` between accepting a charge and answering it, and counts
/// charges and refunds (with `refundsFail`, it cannot refund: it throws and counts nothing).
final class InterleavingProvider: PaymentProvider {
    let name = "test"
    let during: @Sendable () async throws -> Void
    let refundsFail: Bool
    let refunds = Mutex(0)
    let charges = Mutex<[Int64: String]>([:])

    init(refundsFail: Bool = false, during: @escaping @Sendable () async throws -> Void) {
        self.refundsFail = refundsFail
        self.during = during
    }

    struct Unreachable: Error {}

    func charge(_ charge: Charge) async throws -> ChargeOutcome {
        let reference = "test-interleaved-\(charge.paymentID)"
        charges.withLock { $0[charge.paymentID] = reference }
        try await during()
        return .paid(providerPaymentID: reference)
    }

    func refund(providerPaymentID: String, amountCents: Int) async throws {
        if refundsFail { throw Unreachable() }
        refunds.withLock { $0 += 1 }
    }

    func charged(paymentID: Int64) async throws -> String? {
        charges.withLock { $0[paymentID] }
    }
}
