import Catalog
import Inventory
import Kernel
import TestSupport
import Testing

@Suite struct StockDetailTests {
    /// Each stock state, and the detail fields it must give. Unlike the original, `in_stock` is
    /// true for anything an order can take: rows that do not exist and untracked rows included.
    static let cases: [(stock: (qty: Int, tracked: Bool)?, expected: JSONObject)] = [
        (nil, ["inventory_qty": nil, "in_stock": true]),
        ((0, true), ["inventory_qty": 0, "in_stock": false]),
        ((3, true), ["inventory_qty": 3, "in_stock": true]),
        ((0, false), ["inventory_qty": 0, "in_stock": true]),
        ((2, false), ["inventory_qty": 2, "in_stock": true]),
    ]

    @Test(arguments: matrix)
    func productDetailShowsStockForEveryCombination(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            for (stock, expected) in Self.cases {
                let id = try await shop.createProduct()
                if let stock { try await shop.app.setStock(id, stock.qty, tracked: stock.tracked) }
                let detail = try await shop.app.call("catalog.products.get", ["prod_id": .int(Int64(id))], via: via)
                #expect(detail.status == 200)
                let keys = detail.body.objectValue?.keys ?? []
                #expect(keys.suffix(3) == ["images", "inventory_qty", "in_stock"])
                #expect(detail["inventory_qty"] == expected["inventory_qty"], "\(String(describing: stock))")
                #expect(detail["in_stock"] == expected["in_stock"], "\(String(describing: stock))")
            }
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func theExtensionAnswersDirectly(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let contributors = shop.app.runtime.services.all((any ProductDetailExtension).self)
            try #require(contributors.count == 1)
            for (stock, expected) in Self.cases {
                let id = try await shop.createProduct()
                if let stock { try await shop.app.setStock(id, stock.qty, tracked: stock.tracked) }
                let fields = try await contributors[0].detailFields(forProduct: id)
                #expect(fields.map(\.0) == ["inventory_qty", "in_stock"])
                #expect(JSONObject(fields) == expected, "\(String(describing: stock))")
            }
        }
    }

    /// The detail is cached by Catalog; stock changes must show at once.
    @Test(arguments: TestEnvironment.backends)
    func stockChangesReachTheCachedDetail(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let app = shop.app
            let id = try await shop.createProduct()
            let product: JSONObject = ["prod_id": .int(Int64(id))]
            func detail() async throws -> JSONValue? {
                try await app.call("catalog.products.get", product, via: .http)["inventory_qty"]
            }
            #expect(try await detail() == .null)
            var params = product
            params["qty"] = 2
            params["track_inventory"] = true
            _ = try await app.call("inventory.set", params, via: .http, token: shop.admin)
            #expect(try await detail() == 2)
            _ = try await app.call(
                "inventory.adjust", ["prod_id": .int(Int64(id)), "delta": 3], via: .http, token: shop.admin)
            #expect(try await detail() == 5)
            let stock = try app.stock
            try await app.take([StockLine(productID: id, quantity: 4)])
            await stock.didChange(productIDs: [id])
            #expect(try await detail() == 1)
        }
    }

    @Test(arguments: matrix)
    func withoutTheModuleTheFieldsAreAbsent(backend: Backend, via: Via) async throws {
        try await Shop.with(backend, modules: ["auth", "catalog"]) { shop in
            let app = shop.app
            #expect(app.runtime.services.all((any ProductDetailExtension).self).isEmpty)
            #expect(app.runtime.services.resolve((any StockService).self) == nil)
            let id = try await shop.createProduct()
            let detail = try await app.call("catalog.products.get", ["prod_id": .int(Int64(id))], via: via)
            #expect(detail.status == 200)
            #expect(detail.body.objectValue?.keys.contains("inventory_qty") == false)
            #expect(detail.body.objectValue?.keys.contains("in_stock") == false)
            // No route and no method either.
            let route = try await app.http(.get, "/admin/products/\(id)/inventory", token: shop.admin)
            #expect(route.status == 404)
            let method = try await app.rpc("inventory.get", ["prod_id": .int(Int64(id))], token: shop.admin)
            #expect(method["error"] != nil)
        }
    }
}
