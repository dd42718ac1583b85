import Kernel
import TestSupport
import Testing

/// `orders.mine`, `orders.get` and `orders.admin_list`: who sees what, in which order, with items.
@Suite struct OrderReadingTests {
    @Test(arguments: Shop.matrix)
    func myOrdersAreNewestFirstWithItemsAndPages(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let other = try await shop.customer()
            let product = try await shop.product(price: 10, stock: nil)
            var ids: [Int] = []
            for quantity in 1...3 { ids.append(try await shop.placedOrder([(product, quantity)], as: buyer)) }
            _ = try await shop.placedOrder([(product, 9)], as: other)

            let all = try await shop.app.call("orders.mine", [:], via: via, token: buyer.token)
            #expect(all.status == 200)
            #expect(all.array.compactMap { $0["id"] } == ids.reversed().map { .int(Int64($0)) })
            guard case .object(let newest)? = all.array.first, case .array(let items)? = newest["items"] else {
                throw TestSetupError("no items: \(all.body)")
            }
            #expect(items.count == 1 && newest["total_cents"] == 30)

            let page = try await shop.app.call("orders.mine", ["limit": 1, "offset": 1], via: via, token: buyer.token)
            #expect(page.array.compactMap { $0["id"] } == [.int(Int64(ids[1]))])
            let skipped = try await shop.app.call("orders.mine", ["offset": 2], via: via, token: buyer.token)
            #expect(skipped.array.compactMap { $0["id"] } == [.int(Int64(ids[0]))])
            let tooBig = try await shop.app.call("orders.mine", ["limit": 101], via: via, token: buyer.token)
            #expect(tooBig.status == 422)
        }
    }

    @Test(arguments: Shop.matrix)
    func anOrderIsVisibleToItsOwnerAndSuperusersOnly(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let owner = try await shop.customer()
            let stranger = try await shop.customer()
            let id = try await shop.placedOrder([(try await shop.product(), 1)], as: owner)
            let mine = try await shop.onOrder("orders.get", id, as: owner.token, via: via)
            #expect(mine.status == 200 && mine.int("id") == id)
            let theirs = try await shop.onOrder("orders.get", id, as: stranger.token, via: via)
            #expect(theirs.status == 404)
            #expect(theirs.detail == "Order not found.")
            let admin = try await shop.onOrder("orders.get", id, as: shop.adminToken, via: via)
            #expect(admin.status == 200)
            let missing = try await shop.onOrder("orders.get", id + 1000, as: owner.token, via: via)
            #expect(missing.status == 404 && missing.detail == "Order not found.")
        }
    }

    @Test(arguments: Shop.matrix)
    func adminListFiltersPagesAndCarriesItems(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let alice = try await shop.customer()
            let bob = try await shop.customer()
            let product = try await shop.product(price: 5, stock: nil)
            let first = try await shop.placedOrder([(product, 1)], as: alice)
            let second = try await shop.placedOrder([(product, 2), (product, 1)], as: bob)
            let third = try await shop.placedOrder([(product, 3)], as: alice)
            _ = try await shop.onOrder("orders.cancel", first, as: alice.token)

            let list = { (params: JSONObject) in
                try await shop.app.call("orders.admin_list", params, via: via, token: shop.adminToken)
            }
            let all = try await list([:])
            #expect(all.array.compactMap { $0["id"] } == [third, second, first].map { .int(Int64($0)) })
            guard case .object(let row)? = all.array.dropFirst().first else { throw TestSetupError("\(all.body)") }
            #expect(row.keys == ["id", "user_id", "status", "total_cents", "created_at", "items"])
            #expect(row["user_id"] == .int(Int64(bob.id)))
            if case .array(let items)? = row["items"] { #expect(items.count == 2) }

            let canceled = try await list(["status": "canceled"])
            #expect(canceled.array.compactMap { $0["id"] } == [.int(Int64(first))])
            let bobs = try await list(["user_id": .int(Int64(bob.id))])
            #expect(bobs.array.compactMap { $0["id"] } == [.int(Int64(second))])
            let page = try await list(["status": "new", "limit": 1, "offset": 1])
            #expect(page.array.compactMap { $0["id"] } == [.int(Int64(second))])
            let wrong = try await list(["status": "NEW"])
            #expect(wrong.status == 422)
            let customer = try await shop.app.call("orders.admin_list", [:], via: via, token: alice.token)
            #expect(customer.status == 403)
        }
    }
}
