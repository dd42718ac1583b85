import Foundation
import Kernel
import TestSupport
import Testing

/// A write answered 503 at the request timeout, while it waited for a row lock another
/// transaction held, writes nothing once the lock is free (found by a QA pass: an order placed
/// without an Idempotency-Key, and a payment's `pending` row, committed after their 503; and a
/// key stayed claimed for a minute, refusing the retry).
@Suite struct TimedOutWriteTests {
    /// Holds a write lock on `table`'s row `id` for `seconds` (a long maintenance transaction,
    /// or a frozen instance in the middle of one).
    static func holdingRow(
        _ table: String, _ column: String, _ id: Int, key: String = "id", in shop: Shop, seconds: Double
    ) -> Task<
        Void, any Error
    > {
        let database = shop.app.runtime.database
        return Task {
            try await database.transaction { tx in
                try await tx.raw(
                    "UPDATE \(unsafeRaw: table) SET \(unsafeRaw: column) = \(unsafeRaw: column) WHERE \(unsafeRaw: key) = \(bind: id)"
                ).run()
                try await Task.sleep(for: .seconds(seconds))
            }
        }
    }

    @Sendable static func oneSecondRequests(_ config: inout AppConfig) { config.http.requestTimeoutSeconds = 1 }

    @Test(arguments: TestEnvironment.backends)
    func anOrderAnswered503IsNotPlacedLater(backend: Backend) async throws {
        try await Shop.with(backend, configure: Self.oneSecondRequests) { shop in
            let buyer = try await shop.customer()
            let product = try await shop.product(price: 100, stock: 5)
            let holding = Self.holdingRow("inventory", "qty", product, key: "product_id", in: shop, seconds: 2.5)
            try await Task.sleep(for: .milliseconds(200))
            async let plain = shop.order([(product, 2)], as: buyer, via: .http)
            async let keyed = shop.order([(product, 1)], as: buyer, via: .http, key: "timed-out")
            #expect(try await plain.status == 503)
            #expect(try await keyed.status == 503)
            try await holding.value
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await shop.app.call("orders.mine", [:], via: .rpc, token: buyer.token).array.isEmpty)
            #expect(try await shop.stock(product) == 5)
            // The key was freed: the retry places the order.
            #expect(try await shop.order([(product, 1)], as: buyer, via: .http, key: "timed-out").status == 201)
            #expect(try await shop.stock(product) == 4)
        }
    }

    /// The same when the checkout's statement reaches PostgreSQL only after the 503 (a network
    /// partition that heals, a paused server resuming): `statement_timestamp()` is then later
    /// than the 503 itself, so only the deadline on the server's clock refuses it.
    @Test(.enabled(if: TestEnvironment.backends.contains(.postgres)))
    func anOrderWhoseStatementArrivesAfterIts503IsNotPlaced() async throws {
        try await Self.withStatementHeldBack(containing: "order_priced") { shop in
            let buyer = try await shop.customer()
            let product = try await shop.product(price: 100, stock: 5)
            try await Self.untilTheServersClockIsKnown(shop)
            #expect(try await shop.order([(product, 2)], as: buyer, via: .http).status == 503)
            try await Task.sleep(for: .milliseconds(1500))
            #expect(try await shop.app.call("orders.mine", [:], via: .rpc, token: buyer.token).array.isEmpty)
            #expect(try await shop.stock(product) == 5)
            #expect(try await shop.order([(product, 1)], as: buyer, via: .http).status == 201)
            #expect(try await shop.stock(product) == 4)
        }
    }

    /// The same for a payment's first step, which on PostgreSQL is one statement too: no
    /// `pending` payment refuses the retry.
    @Test(.enabled(if: TestEnvironment.backends.contains(.postgres)))
    func aPaymentWhoseStatementArrivesAfterIts503LeavesNoPendingPayment() async throws {
        try await Self.withStatementHeldBack(containing: "payable_order") { shop in
            let buyer = try await shop.customer()
            let id = try await shop.placedOrder([(try await shop.product(price: 300), 1)], as: buyer)
            try await Self.untilTheServersClockIsKnown(shop)
            #expect(try await shop.onOrder("payments.pay", id, as: buyer.token, via: .http).status == 503)
            try await Task.sleep(for: .milliseconds(1500))
            #expect(try await shop.onOrder("payments.list", id, as: buyer.token).array.isEmpty)
            #expect(try await shop.onOrder("payments.pay", id, as: buyer.token, via: .http).status == 201)
        }
    }

    /// A payment's third step (order confirmed, payment settled) that reaches PostgreSQL only
    /// after the 503 writes nothing either: the charge stays `pending`, for the next attempt or
    /// the abandoned-payment job to settle with the provider, and cannot race them.
    @Test(.enabled(if: TestEnvironment.backends.contains(.postgres)))
    func aPaymentsConfirmationArrivingAfterIts503WritesNothing() async throws {
        try await Self.withStatementHeldBack(containing: "confirmed_order") { shop in
            let buyer = try await shop.customer()
            let id = try await shop.placedOrder([(try await shop.product(price: 300), 1)], as: buyer)
            try await Self.untilTheServersClockIsKnown(shop)
            #expect(try await shop.onOrder("payments.pay", id, as: buyer.token, via: .http).status == 503)
            try await Task.sleep(for: .milliseconds(1500))
            let payments = try await shop.onOrder("payments.list", id, as: buyer.token).array
            #expect(payments.map { $0["status"] } == ["pending"])
            #expect(try await shop.onOrder("orders.get", id, as: buyer.token).string("status") == "new")
        }
    }

    /// A shop on PostgreSQL with one-second requests, reached through a proxy that holds the
    /// first statement containing `pattern` back for two seconds.
    static func withStatementHeldBack(containing pattern: String, _ body: @Sendable (Shop) async throws -> Void)
        async throws
    {
        let url = try #require(TestEnvironment.postgresURL, "scripts/test sets ECOM_TEST_POSTGRES_URL")
        let server = try #require(URLComponents(string: url)?.port, "ECOM_TEST_POSTGRES_URL names a port")
        let proxy = try DelayingProxy(target: server, pattern: pattern, delay: 2)
        defer { proxy.stop() }
        let throughProxy: @Sendable (inout AppConfig) throws -> Void = { config in
            Self.oneSecondRequests(&config)
            config.database.url = proxy.url(replacingAddressOf: config.database.url)
        }
        try await Shop.with(.postgres, configure: throughProxy, body)
    }

    /// Waits until the heartbeat has read the server's clock, so that a call's one-statement
    /// writes run without BEGIN.
    static func untilTheServersClockIsKnown(_ shop: Shop) async throws {
        let database = shop.app.runtime.database
        var known = false
        for _ in 0..<50 where !known {
            known = try await withTimeout(.seconds(5)) { database.statementBudget() != nil }
            if !known { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(known)
    }

    @Test(arguments: TestEnvironment.backends)
    func aPaymentAnswered503LeavesNoPendingPayment(backend: Backend) async throws {
        try await Shop.with(backend, configure: Self.oneSecondRequests) { shop in
            let buyer = try await shop.customer()
            let id = try await shop.placedOrder([(try await shop.product(price: 300), 1)], as: buyer)
            let holding = Self.holdingRow("orders", "status", id, in: shop, seconds: 2.5)
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await shop.onOrder("payments.pay", id, as: buyer.token, via: .http).status == 503)
            try await holding.value
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await shop.onOrder("payments.list", id, as: buyer.token).array.isEmpty)
            #expect(try await shop.onOrder("payments.pay", id, as: buyer.token, via: .http).status == 201)
        }
    }
}
