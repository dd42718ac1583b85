import Catalog
import Kernel
import TestSupport
import Testing

/// A detail contributor standing in for Inventory.
struct StockStub: ProductDetailExtension {
    func detailFields(forProduct productID: Int) async throws -> [(String, JSONValue)] {
        [("inventory_qty", .int(Int64(productID * 10))), ("in_stock", true)]
    }
}

@Suite("Product detail and similar products")
struct DetailTests {
    @Test(arguments: Fixture.matrix)
    func detailHasImagesInOrderThenExtensionFields(backend: Backend, via: Via) async throws {
        try await CatalogApp.with(backend) { c in
            let id = try await c.product(["name": "Phone"])
            let prod = JSONValue.int(Int64(id))
            for (url, position) in [("https://e.com/c.png", 2), ("https://e.com/a.png", 0), ("https://e.com/b.png", 0)]
            {
                _ = try await c.create(
                    "catalog.images.add", ["prod_id": prod, "url": .string(url), "position": .int(Int64(position))])
            }
            c.app.runtime.services.register(StockStub(), as: (any ProductDetailExtension).self)
            let detail = try await c.get("catalog.products.get", ["prod_id": prod], via: via)
            #expect(detail.status == 200)
            guard case .object(let object) = detail.body else { throw TestSetupError("\(detail)") }
            #expect(
                object.keys == [
                    "sku", "name", "slug", "brand_id", "category_id", "price_cents", "is_active", "id", "created_at",
                    "images", "inventory_qty", "in_stock",
                ])
            let urls = detail["images"]?.arrayValue.compactMap { $0["url"]?.stringValue }
            #expect(urls == ["https://e.com/a.png", "https://e.com/b.png", "https://e.com/c.png"])
            #expect(detail["images"]?[0]?.objectValue?.keys == ["url", "is_primary", "position", "id"])
            #expect(detail["inventory_qty"] == .int(Int64(id * 10)))

            _ = try await c.admin("catalog.products.update", ["prod_id": prod, "is_active": false], via: via)
            let hidden = try await c.get("catalog.products.get", ["prod_id": prod], via: via)
            #expect(hidden.status == 404)
            #expect(hidden.detail == "Not found")
            let unknown = try await c.get("catalog.products.get", ["prod_id": 999_999], via: via)
            #expect(unknown.status == 404)
            let bad = try await c.get("catalog.products.get", ["prod_id": "abc"], via: via)
            #expect(bad.status == 422)
            #expect(bad.detail?[0]?["loc"] == ["path", "prod_id"])
        }
    }

    @Test(arguments: Fixture.matrix)
    func similarUsesTheFirstNonEmptyTier(backend: Backend, via: Via) async throws {
        try await CatalogApp.with(backend) { c in
            let b1 = JSONValue.int(Int64(try await c.create("catalog.brands.create", ["name": "B1", "slug": "b1"])))
            let b2 = JSONValue.int(Int64(try await c.create("catalog.brands.create", ["name": "B2", "slug": "b2"])))
            let c1 = JSONValue.int(
                Int64(try await c.create("catalog.categories.create", ["name": "C1", "slug": "c1"])))
            let c2 = JSONValue.int(
                Int64(try await c.create("catalog.categories.create", ["name": "C2", "slug": "c2"])))
            let base = try await c.product(["slug": "base", "brand_id": b1, "category_id": c1])
            _ = try await c.product(["slug": "same-cat", "brand_id": b2, "category_id": c1])
            _ = try await c.product(["slug": "other", "brand_id": b2, "category_id": c2])
            let twin = try await c.product(["slug": "twin", "brand_id": b1, "category_id": c1])
            _ = try await c.product(["slug": "twin-off", "brand_id": b1, "category_id": c1, "is_active": false])
            func similar(_ id: Int, _ extra: JSONObject = [:]) async throws -> Reply {
                var params: JSONObject = ["prod_id": .int(Int64(id))]
                for (key, value) in extra { params[key] = value }
                return try await c.get("catalog.products.similar", params, via: via)
            }
            func slugs(_ reply: Reply) -> [String] { reply.body.arrayValue.compactMap { $0["slug"]?.stringValue } }
            #expect(slugs(try await similar(base)) == ["twin"])
            _ = try await c.admin("catalog.products.update", ["prod_id": .int(Int64(twin)), "brand_id": b2], via: via)
            #expect(slugs(try await similar(base)) == ["twin", "same-cat"])
            _ = try await c.admin(
                "catalog.products.update", ["prod_id": .int(Int64(base)), "category_id": nil, "brand_id": nil], via: via
            )
            #expect(slugs(try await similar(base, ["limit": 2])) == ["twin", "other"])
            let missing = try await similar(999_999)
            #expect(missing.status == 404)
            #expect(missing.detail == "Product not found")
            #expect(try await similar(base, ["limit": 21]).status == 422)
        }
    }
}
