import Kernel
import TestSupport
import Testing

/// `payments.pay` and `payments.list`: the original's rules, declines, one paid payment per order.
@Suite struct PaymentTests {
    @Test(arguments: Shop.matrix)
    func payingConfirmsTheOrderOnce(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let id = try await shop.placedOrder([(try await shop.product(price: 1250), 2)], as: buyer)
            let paid = try await shop.onOrder("payments.pay", id, as: buyer.token, via: via)
            #expect(paid.status == 201)
            guard case .object(let payment) = paid.body else { throw TestSetupError("\(paid.body)") }
            #expect(
                payment.keys == [
                    "id", "order_id", "amount_cents", "provider", "provider_payment_id", "status", "created_at",
                ])
            #expect(paid.int("order_id") == id && paid.int("amount_cents") == 2500)
            #expect(paid.string("provider") == "test" && paid.string("status") == "paid")
            #expect(paid.string("provider_payment_id")?.wholeMatch(of: /test-[0-9a-f-]{36}/) != nil)
            #expect(try await shop.onOrder("orders.get", id, as: buyer.token).string("status") == "confirmed")

            let again = try await shop.onOrder("payments.pay", id, as: buyer.token, via: via)
            #expect(again.status == 400)
            #expect(again.detail == "Order is already paid.")
            let list = try await shop.onOrder("payments.list", id, as: buyer.token, via: via)
            #expect(list.status == 200 && list.array.count == 1)
            #expect(list.array.first?["id"] == paid["id"])
            #expect(try await shop.onOrder("payments.list", id, as: shop.adminToken, via: via).array.count == 1)
        }
    }

    @Test(arguments: Shop.matrix)
    func onlyNewOrdersWithAPositiveTotalArePayable(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let canceled = try await shop.placedOrder([(try await shop.product(), 1)], as: buyer)
            _ = try await shop.onOrder("orders.cancel", canceled, as: buyer.token)
            let late = try await shop.onOrder("payments.pay", canceled, as: buyer.token, via: via)
            #expect(late.status == 400)
            #expect(late.detail == "Order is canceled; only new orders can be paid.")

            let free = try await shop.placedOrder([(try await shop.product(price: 0), 1)], as: buyer)
            let zero = try await shop.onOrder("payments.pay", free, as: buyer.token, via: via)
            #expect(zero.status == 400)
            #expect(zero.detail == "Order total must be greater than 0.")
            #expect(try await shop.onOrder("payments.list", free, as: buyer.token).array.isEmpty)
        }
    }

    @Test(arguments: Shop.matrix)
    func aDeclinedPaymentLeavesTheOrderPayable(backend: Backend, via: Via) async throws {
        try await Shop.with(backend, payments: "fail_every: 2") { shop in
            let buyer = try await shop.customer()
            let product = try await shop.product(price: 300)
            let first = try await shop.placedOrder([(product, 1)], as: buyer)
            let second = try await shop.placedOrder([(product, 1)], as: buyer)
            #expect(try await shop.onOrder("payments.pay", first, as: buyer.token, via: via).status == 201)

            let declined = try await shop.onOrder("payments.pay", second, as: buyer.token, via: via)
            #expect(declined.status == 402)
            #expect(try await shop.onOrder("orders.get", second, as: buyer.token).string("status") == "new")
            let retry = try await shop.onOrder("payments.pay", second, as: buyer.token, via: via)
            #expect(retry.status == 201 && retry.string("status") == "paid")
            let payments = try await shop.onOrder("payments.list", second, as: buyer.token)
            #expect(payments.array.map { $0["status"] } == ["failed", "paid"])
            #expect(try await shop.onOrder("orders.get", second, as: buyer.token).string("status") == "confirmed")
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func aProviderThatAlwaysDeclinesNeverConfirms(backend: Backend) async throws {
        try await Shop.with(backend, payments: "always_fail: true") { shop in
            let buyer = try await shop.customer()
            let id = try await shop.placedOrder([(try await shop.product(price: 300), 1)], as: buyer)
            for _ in 0..<3 { #expect(try await shop.onOrder("payments.pay", id, as: buyer.token).status == 402) }
            #expect(try await shop.onOrder("orders.get", id, as: buyer.token).string("status") == "new")
            let payments = try await shop.onOrder("payments.list", id, as: buyer.token)
            #expect(payments.array.map { $0["status"] } == ["failed", "failed", "failed"])
            #expect(try await shop.onOrder("orders.cancel", id, as: buyer.token).status == 200)
        }
    }

    /// Parallel payments of one order make one charge: one payment row, `paid` — not one paid
    /// and others charged and refunded (which a check of the order's status alone would let
    /// through while the first payment settles). Five orders, twenty requests each.
    @Test(arguments: TestEnvironment.backends)
    func twentyParallelPaymentsChargeOnce(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let product = try await shop.product(price: 999)
            for _ in 0..<5 {
                let id = try await shop.placedOrder([(product, 1)], as: buyer)
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<20 {
                        group.addTask {
                            let via: Via = index % 2 == 0 ? .http : .rpc
                            return try await shop.onOrder("payments.pay", id, as: buyer.token, via: via).status
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(statuses.filter { $0 == 201 }.count == 1)
                #expect(statuses.allSatisfy { [201, 400, 409].contains($0) }, "\(statuses)")
                let payments = try await shop.onOrder("payments.list", id, as: buyer.token)
                #expect(payments.array.map { $0["status"] } == ["paid"], "\(payments.array)")
            }
        }
    }
}
