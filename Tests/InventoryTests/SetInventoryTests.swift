import Kernel
import TestSupport
import Testing

@Suite struct SetInventoryTests {
    @Test(arguments: matrix)
    func upsertThenRead(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let app = shop.app
            let token = shop.admin
            let id = try await shop.createProduct()
            let product: JSONObject = ["prod_id": .int(Int64(id))]

            let untracked = try await app.call("inventory.get", product, via: via, token: token)
            #expect(untracked.status == 200)
            #expect(untracked.body == ["product_id": .int(Int64(id)), "qty": nil, "track_inventory": false])

            var params = product
            params["qty"] = 5
            params["track_inventory"] = true
            let created = try await app.call("inventory.set", params, via: via, token: token)
            #expect(created.status == 200)
            #expect(created.body == ["product_id": .int(Int64(id)), "qty": 5, "track_inventory": true])

            params["qty"] = 0
            params["track_inventory"] = "false"
            let updated = try await app.call("inventory.set", params, via: via, token: token)
            #expect(updated.body == ["product_id": .int(Int64(id)), "qty": 0, "track_inventory": false])
            #expect(try await app.call("inventory.get", product, via: via, token: token).body == updated.body)
            #expect(try await app.storedQty(id) == 0)
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func httpAcceptsAJSONBodyToo(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let app = shop.app
            let token = shop.admin
            let id = try await shop.createProduct()
            let body: JSONValue = ["qty": 7, "track_inventory": true]
            let response = try await app.http(.patch, "/admin/products/\(id)/inventory", json: body, token: token)
            #expect(response.status == 200)
            #expect(response.json == ["product_id": .int(Int64(id)), "qty": 7, "track_inventory": true])
            // The query wins over the body, as the original only read the query.
            let both = try await app.http(
                .patch, "/admin/products/\(id)/inventory?qty=8&track_inventory=yes", json: body, token: token)
            #expect(both.json["qty"] == 8)
        }
    }

    @Test(arguments: matrix)
    func rejectsBadInput(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let app = shop.app
            let token = shop.admin
            let id = Int64(try await shop.createProduct())

            let unknown = try await app.call(
                "inventory.set", ["prod_id": 999_999, "qty": 1, "track_inventory": true], via: via, token: token)
            #expect(unknown.status == 404)
            #expect(unknown.detail == "Product not found")

            let negative = try await app.call(
                "inventory.set", ["prod_id": .int(id), "qty": -1, "track_inventory": true], via: via, token: token)
            #expect(negative.status == 422)
            #expect(negative.firstLoc == ["query", "qty"])

            let huge = try await app.call(
                "inventory.set", ["prod_id": .int(id), "qty": 2_147_483_648, "track_inventory": true], via: via,
                token: token)
            #expect(huge.status == 422)

            let missing = try await app.call("inventory.set", ["prod_id": .int(id), "qty": 1], via: via, token: token)
            #expect(missing.status == 422)
            #expect(missing.firstLoc == ["query", "track_inventory"])

            let notBool = try await app.call(
                "inventory.set", ["prod_id": .int(id), "qty": 1, "track_inventory": "maybe"], via: via, token: token)
            #expect(notBool.status == 422)

            #expect(try await app.call("inventory.get", ["prod_id": 999_999], via: via, token: token).status == 404)
            #expect(try await app.call("inventory.get", ["prod_id": "abc"], via: via, token: token).status == 422)
            #expect(try await app.storedQty(Int(id)) == nil)
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func deletingTheProductDeletesItsStock(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let app = shop.app
            let id = try await shop.createProduct()
            try await app.setStock(id, 3)
            try await app.write("DELETE FROM products WHERE id = \(bind: id)")
            #expect(try await app.storedQty(id) == nil)
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func theTableRefusesNegativeStock(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let app = shop.app
            let id = try await shop.createProduct()
            try await app.setStock(id, 1)
            let error = await #expect(throws: (any Error).self) {
                try await app.write("UPDATE inventory SET qty = -1 WHERE product_id = \(bind: id)")
            }
            #expect(error.flatMap(DatabaseFailure.init)?.isCheck(table: "inventory", name: "qty") == true)
        }
    }
}
