import Kernel
import TestSupport
import Testing

@Suite struct AdjustInventoryTests {
    @Test(arguments: matrix)
    func appliesRelativeChanges(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let app = shop.app
            let token = shop.admin
            let id = try await shop.createProduct()
            try await app.setStock(id, 10, tracked: false)

            let restocked = try await app.call(
                "inventory.adjust", ["prod_id": .int(Int64(id)), "delta": 5, "reason": "delivery"], via: via,
                token: token)
            #expect(restocked.status == 200)
            #expect(restocked.body == ["product_id": .int(Int64(id)), "qty": 15, "track_inventory": false])

            let sold = try await app.call(
                "inventory.adjust", ["prod_id": .int(Int64(id)), "delta": -15], via: via, token: token)
            #expect(sold["qty"] == 0)
            #expect(try await app.storedQty(id) == 0)
        }
    }

    @Test(arguments: matrix)
    func refusesChangesThatLeaveTheRange(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let app = shop.app
            let token = shop.admin
            let id = try await shop.createProduct()
            let product: JSONObject = ["prod_id": .int(Int64(id))]
            func adjust(_ delta: JSONValue, _ target: JSONObject = product) async throws -> Reply {
                var params = target
                params["delta"] = delta
                return try await app.call("inventory.adjust", params, via: via, token: token)
            }

            let notSet = try await adjust(1)
            #expect(notSet.status == 409)
            #expect(try await app.storedQty(id) == nil)

            try await app.setStock(id, 3)
            let below = try await adjust(-4)
            #expect(below.status == 409)
            #expect(below.detail == .string("Stock of product \(id) cannot go below zero"))
            #expect(try await app.storedQty(id) == 3)

            try await app.setStock(id, 2_147_483_000)
            #expect(try await adjust(1_000).status == 409)
            #expect(try await app.storedQty(id) == 2_147_483_000)

            #expect(try await adjust(2_147_483_648).status == 422)
            #expect(try await adjust(-2_147_483_648).status == 422)
            #expect(try await adjust(1.5).status == 422)
            let missing = try await app.call("inventory.adjust", product, via: via, token: token)
            #expect(missing.status == 422)
            #expect(missing.firstLoc == ["body", "delta"])

            let unknown = try await adjust(1, ["prod_id": 999_999])
            #expect(unknown.status == 404)
            #expect(unknown.detail == "Product not found")
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func concurrentRestocksAreAllKept(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let app = shop.app
            let token = shop.admin
            let id = try await shop.createProduct()
            try await app.setStock(id, 0)
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<40 {
                    group.addTask {
                        try await app.call(
                            "inventory.adjust", ["prod_id": .int(Int64(id)), "delta": 1], via: .rpc, token: token
                        )
                        .status
                    }
                }
                for try await status in group { #expect(status == 200) }
            }
            #expect(try await app.storedQty(id) == 40)
        }
    }
}
