import Kernel
import TestSupport
import Testing

@Suite("Brands")
struct BrandTests {
    @Test(arguments: Fixture.matrix)
    func createListUpdateDelete(backend: Backend, via: Via) async throws {
        try await CatalogApp.with(backend) { c in
            let created = try await c.admin("catalog.brands.create", ["name": "Zeta", "slug": "zeta"], via: via)
            #expect(created.status == 201)
            guard case .object(let object) = created.body else { throw TestSetupError("\(created)") }
            #expect(object.keys == ["name", "slug", "id"])
            let id = try #require(created.id)
            _ = try await c.create("catalog.brands.create", ["name": "Alpha", "slug": "alpha"])

            let list = try await c.get("catalog.brands.list", via: via)
            #expect(list.status == 200)
            #expect(list.body.arrayValue.map { $0["name"] } == ["Alpha", "Zeta"])

            let renamed = try await c.admin(
                "catalog.brands.update", ["brand_id": .int(Int64(id)), "name": "Omega"], via: via)
            #expect(renamed.status == 200)
            #expect(renamed.body == ["name": "Omega", "slug": "zeta", "id": .int(Int64(id))])

            let deleted = try await c.admin("catalog.brands.delete", ["brand_id": .int(Int64(id))], via: via)
            #expect(deleted.status == 204)
            let again = try await c.admin("catalog.brands.delete", ["brand_id": .int(Int64(id))], via: via)
            #expect(again.status == 404)
            #expect(again.detail == "Not found")
            let missing = try await c.admin("catalog.brands.update", ["brand_id": 999_999, "name": "X"], via: via)
            #expect(missing.status == 404)
        }
    }

    @Test(arguments: Fixture.matrix)
    func duplicatesAre409NamingTheField(backend: Backend, via: Via) async throws {
        try await CatalogApp.with(backend) { c in
            _ = try await c.create("catalog.brands.create", ["name": "Apple", "slug": "apple"])
            let other = try await c.create("catalog.brands.create", ["name": "Pear", "slug": "pear"])
            let name = try await c.admin("catalog.brands.create", ["name": "Apple", "slug": "apple-2"], via: via)
            #expect(name.status == 409)
            #expect(name.detail == "Brand with this name already exists")
            let slug = try await c.admin("catalog.brands.create", ["name": "Apple 2", "slug": "apple"], via: via)
            #expect(slug.status == 409)
            #expect(slug.detail == "Brand with this slug already exists")
            let update = try await c.admin(
                "catalog.brands.update", ["brand_id": .int(Int64(other)), "slug": "apple"], via: via)
            #expect(update.status == 409)
            #expect(update.detail == "Brand with this slug already exists")
        }
    }

    @Test(arguments: Fixture.matrix)
    func invalidInputIs422(backend: Backend, via: Via) async throws {
        try await CatalogApp.with(backend) { c in
            let id = try await c.create("catalog.brands.create", ["name": "Apple", "slug": "apple"])
            let long = try await c.admin(
                "catalog.brands.create", ["name": .string(String(repeating: "x", count: 201)), "slug": "x"], via: via)
            #expect(long.status == 422)
            #expect(long.detail?[0]?["type"] == "string_too_long")
            #expect(long.detail?[0]?["loc"] == ["body", "name"])
            let null = try await c.admin("catalog.brands.update", ["brand_id": .int(Int64(id)), "name": nil], via: via)
            #expect(null.status == 422)
            #expect(null.detail?[0]?["loc"] == ["body", "name"])
            let missing = try await c.admin("catalog.brands.create", ["name": "Only"], via: via)
            #expect(missing.status == 422)
            #expect(missing.detail?[0]?["type"] == "missing")
        }
    }

    @Test(arguments: Fixture.matrix)
    func deletingAUsedBrandIs409AndKeepsIt(backend: Backend, via: Via) async throws {
        try await CatalogApp.with(backend) { c in
            let brand = try await c.create("catalog.brands.create", ["name": "Apple", "slug": "apple"])
            _ = try await c.product(["brand_id": .int(Int64(brand))])
            let deleted = try await c.admin("catalog.brands.delete", ["brand_id": .int(Int64(brand))], via: via)
            #expect(deleted.status == 409)
            #expect(deleted.detail == "Brand is used by products; reassign or delete them first")
            #expect(try await c.get("catalog.brands.list", via: via).body.arrayValue.count == 1)
        }
    }
}

extension JSONValue {
    /// The elements when this is an array, else none.
    var arrayValue: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }

    /// The element at `index` of an array.
    subscript(index: Int) -> JSONValue? {
        let items = arrayValue
        return items.indices.contains(index) ? items[index] : nil
    }
}
