import Kernel
import Orders
import TestSupport
import Testing

/// The status machine: each legal and illegal transition, stock returned exactly once.
@Suite struct OrderStatusTests {
    @Test func theStateMachineAllowsOnlyItsTransitions() {
        let actors: [OrderActor] = [.owner, .superuser, .payment]
        var allowed: [String] = []
        for from in OrderStatus.allCases {
            for to in OrderStatus.allCases {
                for actor in actors where from.allows(to, by: actor) { allowed.append("\(from)->\(to) by \(actor)") }
            }
        }
        #expect(
            allowed == [
                "new->confirmed by payment", "new->canceled by owner", "new->canceled by superuser",
                "confirmed->canceled by superuser",
            ])
    }

    @Test(arguments: Shop.matrix)
    func ownerCancelsANewOrderOnceAndGetsTheStockBack(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let product = try await shop.product(stock: 5)
            let id = try await shop.placedOrder([(product, 2), (product, 1)], as: buyer)
            #expect(try await shop.stock(product) == 2)
            let canceled = try await shop.onOrder("orders.cancel", id, as: buyer.token, via: via)
            #expect(canceled.status == 200)
            #expect(canceled.string("status") == "canceled")
            #expect(try await shop.stock(product) == 5)
            let again = try await shop.onOrder("orders.cancel", id, as: buyer.token, via: via)
            #expect(again.status == 409)
            #expect(again.detail == "Order status cannot change from canceled to canceled.")
            #expect(try await shop.stock(product) == 5)
        }
    }

    /// Cancel gives back only the stock checkout took: a line whose product was untracked at
    /// checkout gives nothing back to a product tracked since (no phantom stock to oversell),
    /// while the tracked line of the same order is restored.
    @Test(arguments: Shop.matrix)
    func cancelGivesBackOnlyTheStockCheckoutTook(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let tracked = try await shop.product(stock: 5)
            let untracked = try await shop.product(stock: 0)
            let off = try await shop.admin(
                "inventory.set", ["prod_id": .int(Int64(untracked)), "qty": 0, "track_inventory": false])
            #expect(off.status == 200)
            let id = try await shop.placedOrder([(tracked, 2), (untracked, 3)], as: buyer)
            #expect(try await shop.stock(tracked) == 3)
            try await shop.setStock(untracked, 4)
            let canceled = try await shop.onOrder("orders.cancel", id, as: buyer.token, via: via)
            #expect(canceled.status == 200)
            #expect(try await shop.stock(tracked) == 5)
            #expect(try await shop.stock(untracked) == 4)
        }
    }

    @Test(arguments: Shop.matrix)
    func onlyASuperuserCancelsAConfirmedOrderAndThePaymentIsRefunded(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let product = try await shop.product(price: 700, stock: 3)
            let id = try await shop.placedOrder([(product, 1)], as: buyer)
            #expect(try await shop.onOrder("payments.pay", id, as: buyer.token).status == 201)

            let byOwner = try await shop.onOrder("orders.cancel", id, as: buyer.token, via: via)
            #expect(byOwner.status == 409)
            #expect(byOwner.detail == "Order status cannot change from confirmed to canceled.")
            #expect(try await shop.stock(product) == 2)

            let byAdmin = try await shop.onOrder("orders.cancel", id, as: shop.adminToken, via: via)
            #expect(byAdmin.status == 200 && byAdmin.string("status") == "canceled")
            #expect(try await shop.stock(product) == 3)
            let payments = try await shop.onOrder("payments.list", id, as: buyer.token)
            #expect(payments.array.map { $0["status"] } == ["refunded"])
        }
    }

    @Test(arguments: Shop.matrix)
    func adminUpdateTakesStatusAloneAndFollowsTheStateMachine(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let product = try await shop.product(price: 100, stock: 4)
            let id = try await shop.placedOrder([(product, 1)], as: buyer)
            let patch = { (status: JSONValue, order: Int) in
                try await shop.app.call(
                    "orders.admin_update", ["order_id": .int(Int64(order)), "status": status], via: via,
                    token: shop.adminToken)
            }
            let toConfirmed = try await patch("confirmed", id)
            #expect(toConfirmed.status == 409)
            #expect(toConfirmed.detail == "Order status cannot change from new to confirmed.")
            let same = try await patch("new", id)
            #expect(same.status == 200 && same.string("status") == "new")
            #expect(same.int("user_id") == buyer.id)
            #expect(try await patch("bogus", id).status == 422)
            #expect(try await patch("canceled", id + 1000).detail == "Order not found.")

            let toCanceled = try await patch("canceled", id)
            #expect(toCanceled.status == 200 && toCanceled.string("status") == "canceled")
            #expect(try await shop.stock(product) == 4)
            let back = try await patch("new", id)
            #expect(back.detail == "Order status cannot change from canceled to new.")
            #expect(try await patch("canceled", id).status == 200)
            #expect(try await shop.stock(product) == 4)

            let paid = try await shop.placedOrder([(product, 1)], as: buyer)
            _ = try await shop.onOrder("payments.pay", paid, as: buyer.token)
            #expect(try await patch("new", paid).detail == "Order status cannot change from confirmed to new.")
            #expect(try await patch("canceled", paid).string("status") == "canceled")
            #expect(try await shop.stock(product) == 4)
            let customer = try await shop.app.call(
                "orders.admin_update", ["order_id": .int(Int64(id)), "status": "canceled"], via: via,
                token: buyer.token)
            #expect(customer.status == 403)
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func racingCancelsReturnTheStockOnce(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let product = try await shop.product(stock: 10)
            let id = try await shop.placedOrder([(product, 4)], as: buyer)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<10 {
                    group.addTask {
                        try await shop.onOrder("orders.cancel", id, as: buyer.token, via: index % 2 == 0 ? .http : .rpc)
                            .status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.sorted() == [200] + Array(repeating: 409, count: 9))
            #expect(try await shop.stock(product) == 10)
        }
    }

    @Test(arguments: Shop.matrix)
    func anotherUsersOrderIsNotFoundForGetPayCancelAndPayments(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let owner = try await shop.customer()
            let stranger = try await shop.customer()
            let product = try await shop.product(stock: 2)
            let id = try await shop.placedOrder([(product, 1)], as: owner)
            for method in ["orders.get", "payments.pay", "orders.cancel", "payments.list"] {
                let reply = try await shop.onOrder(method, id, as: stranger.token, via: via)
                #expect(reply.status == 404, "\(method)")
                #expect(reply.detail == "Order not found.", "\(method)")
            }
            let untouched = try await shop.onOrder("orders.get", id, as: owner.token)
            #expect(untouched.string("status") == "new")
            #expect(try await shop.stock(product) == 1)
            #expect(try await shop.onOrder("payments.pay", id, as: shop.adminToken).status == 404)
        }
    }
}
