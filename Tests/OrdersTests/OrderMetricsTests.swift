import Kernel
import TestSupport
import Testing

/// Orders created and payments by status reach `/metrics`, as dedicated counters and through
/// the domain-event counter.
@Suite struct OrderMetricsTests {
    @Test func creatingAnOrderIncrementsOrdersCreated() async throws {
        try await Shop.with(.sqlite) { shop in
            let created = ["event": "order.created"]
            let before = MetricsScrape(try await shop.app.http(.get, "/metrics").text)
            let buyer = try await shop.customer()
            let product = try await shop.product(price: 700, stock: 3)
            let order = try await shop.placedOrder([(product, 1)], as: buyer)
            let paid = try await shop.onOrder("payments.pay", order, as: buyer.token, key: "metrics-\(order)")
            #expect(paid.status < 300)
            let after = MetricsScrape(try await shop.app.http(.get, "/metrics").text)
            let name = "ecom_domain_events_total"
            #expect(after.value(name, created) - before.value(name, created) >= 1)
            #expect(after.contains(name, ["event": "payment.succeeded"]))
            let orders = "ecom_orders_created_total"
            #expect(after.value(orders, [:]) - before.value(orders, [:]) >= 1)
            let payments = "ecom_payments_total"
            #expect(after.value(payments, ["status": "paid"]) - before.value(payments, ["status": "paid"]) >= 1)
        }
    }
}
