import Kernel
import TestSupport
import Testing

@Suite("Categories")
struct CategoryTests {
    @Test(arguments: Fixture.matrix)
    func createListUpdateDelete(backend: Backend, via: Via) async throws {
        try await CatalogApp.with(backend) { c in
            let root = try await c.admin("catalog.categories.create", ["name": "Phones", "slug": "phones"], via: via)
            #expect(root.status == 201)
            guard case .object(let object) = root.body else { throw TestSetupError("\(root)") }
            #expect(object.keys == ["name", "slug", "parent_id", "id"])
            #expect(root["parent_id"] == .null)
            let rootID = try #require(root.id)
            let child = try await c.admin(
                "catalog.categories.create", ["name": "Android", "slug": "android", "parent_id": .int(Int64(rootID))],
                via: via)
            #expect(child["parent_id"] == .int(Int64(rootID)))
            let childID = try #require(child.id)

            let list = try await c.get("catalog.categories.list", via: via)
            #expect(list.body.arrayValue.map { $0["slug"] } == ["android", "phones"])

            let renamed = try await c.admin(
                "catalog.categories.update", ["cat_id": .int(Int64(childID)), "name": "Droid"], via: via)
            #expect(
                renamed.body == [
                    "name": "Droid", "slug": "android", "parent_id": .int(Int64(rootID)), "id": .int(Int64(childID)),
                ])
            let detached = try await c.admin(
                "catalog.categories.update", ["cat_id": .int(Int64(childID)), "parent_id": nil], via: via)
            #expect(detached["parent_id"] == .null)
            #expect(detached["name"] == "Droid")

            #expect(
                try await c.admin("catalog.categories.delete", ["cat_id": .int(Int64(childID))], via: via).status == 204
            )
            let gone = try await c.admin("catalog.categories.delete", ["cat_id": .int(Int64(childID))], via: via)
            #expect(gone.status == 404)
            #expect(gone.detail == "Not found")
        }
    }

    @Test(arguments: Fixture.matrix)
    func slugIsUniqueAndParentMustExist(backend: Backend, via: Via) async throws {
        try await CatalogApp.with(backend) { c in
            let id = try await c.create("catalog.categories.create", ["name": "Phones", "slug": "phones"])
            let duplicate = try await c.admin(
                "catalog.categories.create", ["name": "Other", "slug": "phones"], via: via)
            #expect(duplicate.status == 409)
            #expect(duplicate.detail == "Category with this slug already exists")
            let orphan = try await c.admin(
                "catalog.categories.create", ["name": "X", "slug": "x", "parent_id": 424_242], via: via)
            #expect(orphan.status == 422)
            #expect(orphan.detail?[0]?["loc"] == ["body", "parent_id"])
            #expect(orphan.detail?[0]?["type"] == "reference_not_found")
            let badParent = try await c.admin(
                "catalog.categories.update", ["cat_id": .int(Int64(id)), "parent_id": 424_242], via: via)
            #expect(badParent.status == 422)
            let nullName = try await c.admin(
                "catalog.categories.update", ["cat_id": .int(Int64(id)), "slug": nil], via: via)
            #expect(nullName.status == 422)
        }
    }

    @Test(arguments: Fixture.matrix)
    func aCategoryCannotBeItsOwnAncestor(backend: Backend, via: Via) async throws {
        try await CatalogApp.with(backend) { c in
            let a = try await c.create("catalog.categories.create", ["name": "A", "slug": "a"])
            let b = try await c.create(
                "catalog.categories.create", ["name": "B", "slug": "b", "parent_id": .int(Int64(a))])
            let cc = try await c.create(
                "catalog.categories.create", ["name": "C", "slug": "c", "parent_id": .int(Int64(b))])
            for parent in [a, cc] {
                let reply = try await c.admin(
                    "catalog.categories.update", ["cat_id": .int(Int64(a)), "parent_id": .int(Int64(parent))], via: via)
                #expect(reply.status == 422, "parent \(parent): \(reply)")
                #expect(reply.detail?[0]?["msg"] == "A category cannot be its own ancestor")
            }
            let fine = try await c.admin(
                "catalog.categories.update", ["cat_id": .int(Int64(cc)), "parent_id": .int(Int64(a))], via: via)
            #expect(fine.status == 200)
        }
    }

    @Test(arguments: Fixture.matrix)
    func deletingAUsedCategoryIs409AndKeepsIt(backend: Backend, via: Via) async throws {
        try await CatalogApp.with(backend) { c in
            let parent = try await c.create("catalog.categories.create", ["name": "P", "slug": "p"])
            _ = try await c.create(
                "catalog.categories.create", ["name": "K", "slug": "k", "parent_id": .int(Int64(parent))])
            let withChild = try await c.admin("catalog.categories.delete", ["cat_id": .int(Int64(parent))], via: via)
            #expect(withChild.status == 409)
            #expect(withChild.detail == "Category has subcategories; move or delete them first")
            let used = try await c.create("catalog.categories.create", ["name": "U", "slug": "u"])
            _ = try await c.product(["category_id": .int(Int64(used))])
            let withProduct = try await c.admin("catalog.categories.delete", ["cat_id": .int(Int64(used))], via: via)
            #expect(withProduct.status == 409)
            #expect(withProduct.detail == "Category is used by products; move or delete them first")
            #expect(try await c.get("catalog.categories.list", via: via).body.arrayValue.count == 3)
        }
    }

    /// As in FastAPI: a PATCH body is required even though its fields are optional, and a route
    /// without a body never parses one (so a malformed body cannot hide a 401 or a 404).
    @Test(arguments: TestEnvironment.backends)
    func bodiesAreReadOnlyByOperationsThatTakeOne(backend: Backend) async throws {
        try await CatalogApp.with(backend) { c in
            let id = try await c.create("catalog.categories.create", ["name": "P", "slug": "p"])
            let empty = try await c.app.http(.patch, "/admin/categories/\(id)", token: c.admin)
            #expect(empty.status == 422)
            #expect(
                empty.json["detail"] == [["type": "missing", "loc": ["body"], "msg": "Field required", "input": nil]])
            let both = try await c.app.http(.patch, "/admin/categories/abc", token: c.admin)
            #expect(both.json["detail"]?.arrayValue.count == 2)
            let json = ["Content-Type": "application/json"]
            let anonymous = try await c.app.http(.delete, "/admin/categories/\(id)", raw: "{bad", headers: json)
            #expect(anonymous.status == 401)
            let missing = try await c.app.http(
                .delete, "/admin/categories/999999", raw: "{bad", token: c.admin, headers: json)
            #expect(missing.status == 404)
        }
    }
}
