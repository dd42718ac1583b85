import Kernel
import TestSupport
import Testing

@Suite("Products")
struct ProductTests {
    @Test(arguments: Fixture.matrix)
    func createReturnsTheOriginalShape(backend: Backend, via: Via) async throws {
        try await CatalogApp.with(backend) { c in
            let brand = try await c.create("catalog.brands.create", ["name": "Apple", "slug": "apple"])
            let category = try await c.create("catalog.categories.create", ["name": "Phones", "slug": "phones"])
            let reply = try await c.admin(
                "catalog.products.create",
                [
                    "sku": "IP14", "name": "iPhone 14", "slug": "iphone-14", "brand_id": .int(Int64(brand)),
                    "category_id": .int(Int64(category)), "price_cents": 700_000,
                ], via: via)
            #expect(reply.status == 201)
            guard case .object(let object) = reply.body else { throw TestSetupError("\(reply)") }
            #expect(
                object.keys == [
                    "sku", "name", "slug", "brand_id", "category_id", "price_cents", "is_active", "id", "created_at",
                ])
            #expect(reply["is_active"] == true)
            #expect(reply["price_cents"] == 700_000)
            let createdAt = try #require(reply["created_at"]?.stringValue)
            #expect(createdAt.hasSuffix("Z") && createdAt.count == 27, "\(createdAt)")
        }
    }

    @Test(arguments: Fixture.matrix)
    func conflictsAndBadReferences(backend: Backend, via: Via) async throws {
        try await CatalogApp.with(backend) { c in
            let first = try await c.product(["sku": "A1", "slug": "alpha"])
            let other = try await c.product(["sku": "B1", "slug": "beta"])
            let base: JSONObject = ["name": "X", "price_cents": 1]
            func create(_ extra: JSONObject) async throws -> Reply {
                var params = base
                for (key, value) in extra { params[key] = value }
                return try await c.admin("catalog.products.create", params, via: via)
            }
            let sku = try await create(["sku": "A1", "slug": "fresh"])
            #expect(sku.status == 409)
            #expect(sku.detail == "Product with this sku already exists")
            let slug = try await create(["sku": "C1", "slug": "alpha"])
            #expect(slug.status == 409)
            #expect(slug.detail == "Product with this slug already exists")
            let patch = try await c.admin(
                "catalog.products.update", ["prod_id": .int(Int64(other)), "sku": "A1"], via: via)
            #expect(patch.status == 409)
            #expect(patch.detail == "Product with this sku already exists")
            for field in ["brand_id", "category_id"] {
                let reply = try await create(["sku": "D1", "slug": "delta", .init(field): 987_654])
                #expect(reply.status == 422)
                #expect(reply.detail?[0]?["loc"] == ["body", .string(field)])
                let update = try await c.admin(
                    "catalog.products.update", ["prod_id": .int(Int64(first)), .init(field): 987_654], via: via)
                #expect(update.status == 422)
                #expect(update.detail?[0]?["loc"] == ["body", .string(field)])
            }
        }
    }

    @Test(arguments: Fixture.matrix)
    func invalidValuesAre422(backend: Backend, via: Via) async throws {
        try await CatalogApp.with(backend) { c in
            let id = try await c.product()
            let cases: [(JSONObject, String, String)] = [
                (["price_cents": -1], "price_cents", "greater_than_equal"),
                (["price_cents": 2_147_483_648], "price_cents", "less_than_equal"),
                (["sku": .string(String(repeating: "s", count: 65))], "sku", "string_too_long"),
                (["name": .string(String(repeating: "n", count: 256))], "name", "string_too_long"),
                // Lengths count code points, as the columns do: 40 accented letters are 80.
                (["sku": .string(String(repeating: "a\u{301}", count: 40))], "sku", "string_too_long"),
                (["sku": nil], "sku", "string_type"),
                (["name": nil], "name", "string_type"),
                (["price_cents": nil], "price_cents", "int_type"),
                (["is_active": nil], "is_active", "bool_type"),
            ]
            for (fields, field, type) in cases {
                var params = fields
                params["prod_id"] = .int(Int64(id))
                let reply = try await c.admin("catalog.products.update", params, via: via)
                #expect(reply.status == 422, "\(fields): \(reply)")
                #expect(reply.detail?[0]?["loc"] == ["body", .string(field)])
                #expect(reply.detail?[0]?["type"] == .string(type), "\(fields): \(reply)")
            }
            let negative = try await c.admin(
                "catalog.products.create", ["sku": "N", "name": "N", "slug": "n", "price_cents": -5], via: via)
            #expect(negative.status == 422)
        }
    }

    /// A name at the length limit whose lower-cased copy is longer (`İ` lower-cases to two code
    /// points) is stored, on both engines, and found by a search.
    @Test(arguments: Fixture.matrix)
    func aNameThatGrowsWhenLowerCasedIsStored(backend: Backend, via: Via) async throws {
        try await CatalogApp.with(backend) { c in
            let name = "İSTANBUL" + String(repeating: "a", count: 247)
            let created = try await c.admin(
                "catalog.products.create",
                ["sku": "TR-1", "name": .string(name), "slug": "tr-1", "price_cents": 100], via: via)
            #expect(created.status == 201, "\(created.body)")
            let found = try await c.app.call("catalog.products.list", ["q": "i̇stanbul"], via: via)
            #expect(found["total"] == 1, "\(found.body)")
            let id = try #require(created["id"])
            let renamed = try await c.admin(
                "catalog.products.update", ["prod_id": id, "name": .string("Ü" + name.dropFirst())], via: via)
            #expect(renamed.status == 200)
        }
    }

    @Test(arguments: Fixture.matrix)
    func patchAppliesOnlyPresentFields(backend: Backend, via: Via) async throws {
        try await CatalogApp.with(backend) { c in
            let brand = try await c.create("catalog.brands.create", ["name": "Apple", "slug": "apple"])
            let id = try await c.product(["sku": "P1", "slug": "p1", "name": "Phone", "brand_id": .int(Int64(brand))])
            let prod = JSONValue.int(Int64(id))
            let price = try await c.admin("catalog.products.update", ["prod_id": prod, "price_cents": 1234], via: via)
            #expect(price.status == 200)
            #expect(price["price_cents"] == 1234)
            #expect(price["name"] == "Phone")
            #expect(price["brand_id"] == .int(Int64(brand)))
            let detached = try await c.admin("catalog.products.update", ["prod_id": prod, "brand_id": nil], via: via)
            #expect(detached["brand_id"] == .null)
            #expect(detached["price_cents"] == 1234)
            let empty = try await c.admin("catalog.products.update", ["prod_id": prod], via: via)
            #expect(empty.body == detached.body)
            let missing = try await c.admin("catalog.products.update", ["prod_id": 999_999, "name": "x"], via: via)
            #expect(missing.status == 404)
            #expect(missing.detail == "Not found")
        }
    }

    @Test(arguments: Fixture.matrix)
    func deleteRemovesImagesAndRefusesWhenReferenced(backend: Backend, via: Via) async throws {
        try await CatalogApp.with(backend) { c in
            let id = try await c.product()
            _ = try await c.create("catalog.images.add", ["prod_id": .int(Int64(id)), "url": "https://e.com/a.png"])
            #expect(try await c.admin("catalog.products.delete", ["prod_id": .int(Int64(id))], via: via).status == 204)
            #expect(try await c.admin("catalog.products.delete", ["prod_id": .int(Int64(id))], via: via).status == 404)

            // Stands in for `order_items`, which references products without ON DELETE.
            try await c.execute(
                "CREATE TABLE held_items (id BIGINT PRIMARY KEY, product_id BIGINT NOT NULL REFERENCES products (id))")
            let held = try await c.product()
            try await c.execute("INSERT INTO held_items (id, product_id) VALUES (1, \(held))")
            let refused = try await c.admin("catalog.products.delete", ["prod_id": .int(Int64(held))], via: via)
            #expect(refused.status == 409)
            #expect(refused.detail == "Product is referenced by orders; set is_active to false instead")
            let still = try await c.admin("catalog.products.admin_list", [:], via: via)
            #expect(still["total"] == 1)
        }
    }
}
