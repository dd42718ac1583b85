import Kernel
import TestSupport
import Testing

@Suite("Catalog operations and access")
struct AccessTests {
    static let adminMethods: [(String, JSONObject)] = [
        ("catalog.categories.create", ["name": "x", "slug": "x"]),
        ("catalog.categories.update", ["cat_id": 1, "name": "x"]),
        ("catalog.categories.delete", ["cat_id": 1]),
        ("catalog.brands.create", ["name": "x", "slug": "x"]),
        ("catalog.brands.update", ["brand_id": 1]),
        ("catalog.brands.delete", ["brand_id": 1]),
        ("catalog.products.create", ["sku": "x", "name": "x", "slug": "x", "price_cents": 1]),
        ("catalog.products.update", ["prod_id": 1]),
        ("catalog.products.delete", ["prod_id": 1]),
        ("catalog.products.admin_list", [:]),
        ("catalog.images.add", ["prod_id": 1, "url": "https://e.com/"]),
        ("catalog.images.list", ["prod_id": 1]),
        ("catalog.images.update", ["prod_id": 1, "image_id": 1]),
        ("catalog.images.delete", ["prod_id": 1, "image_id": 1]),
        ("catalog.seed_demo", [:]),
    ]

    @Test(arguments: Fixture.matrix)
    func adminOperationsNeedASuperuser(backend: Backend, via: Via) async throws {
        try await CatalogApp.with(backend) { c in
            for (method, params) in Self.adminMethods {
                let anonymous = try await c.app.call(method, params, via: via)
                #expect(anonymous.status == 401, "\(method) anonymous: \(anonymous)")
                #expect(anonymous.detail == "Not authenticated")
                // Invalid input too: authorisation is decided first.
                let user = try await c.app.call(method, ["prod_id": "abc"], via: via, token: c.user)
                #expect(user.status == 403, "\(method) user: \(user)")
                #expect(user.detail == "Forbidden")
            }
        }
    }

    @Test func everyOperationHasItsPathAndMethod() async throws {
        try await CatalogApp.with(.sqlite) { c in
            let expected: [String: String] = [
                "catalog.categories.list": "GET /categories", "catalog.categories.create": "POST /admin/categories",
                "catalog.categories.update": "PATCH /admin/categories/{cat_id}",
                "catalog.categories.delete": "DELETE /admin/categories/{cat_id}",
                "catalog.brands.list": "GET /brands", "catalog.brands.create": "POST /admin/brands",
                "catalog.brands.update": "PATCH /admin/brands/{brand_id}",
                "catalog.brands.delete": "DELETE /admin/brands/{brand_id}",
                "catalog.products.list": "GET /products", "catalog.products.get": "GET /products/{prod_id}",
                "catalog.products.similar": "GET /products/{prod_id}/similar",
                "catalog.products.admin_list": "GET /admin/products", "catalog.products.create": "POST /admin/products",
                "catalog.products.update": "PATCH /admin/products/{prod_id}",
                "catalog.products.delete": "DELETE /admin/products/{prod_id}",
                "catalog.images.add": "POST /admin/products/{prod_id}/images",
                "catalog.images.list": "GET /admin/products/{prod_id}/images",
                "catalog.images.update": "PATCH /admin/products/{prod_id}/images/{image_id}",
                "catalog.images.delete": "DELETE /admin/products/{prod_id}/images/{image_id}",
                "catalog.seed_demo": "POST /admin/catalog/seed-demo",
            ]
            let catalog = c.app.runtime.table.operations.filter { $0.moduleID == "catalog" }
            let actual = Dictionary(
                uniqueKeysWithValues: catalog.map { ($0.method, "\($0.http.method.rawValue) \($0.http.path)") })
            #expect(actual == expected)
            let discover = try await c.app.rpc("rpc.discover")
            let methods = discover["result"]?["methods"]?.arrayValue.compactMap { $0["name"]?.stringValue } ?? []
            #expect(Set(expected.keys).isSubset(of: Set(methods)))
            let openAPI = try await c.app.http(.get, "/openapi.json")
            #expect(openAPI.json["paths"]?["/admin/products/{prod_id}/images/{image_id}"]?["patch"] != nil)
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func malformedJSONIs422BeforeAuthentication(backend: Backend) async throws {
        try await CatalogApp.with(backend) { c in
            let reply = try await c.app.http(
                .post, "/admin/brands", raw: "{bad", headers: ["Content-Type": "application/json"])
            #expect(reply.status == 422)
            #expect(reply.json["detail"]?[0]?["type"] == "json_invalid")
        }
    }
}
