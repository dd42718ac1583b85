import Kernel
import TestSupport
import Testing

@Suite("Product images")
struct ImageTests {
    @Test(arguments: Fixture.matrix)
    func addListUpdateDelete(backend: Backend, via: Via) async throws {
        try await CatalogApp.with(backend) { c in
            let prod = JSONValue.int(Int64(try await c.product(["is_active": false])))
            let first = try await c.admin(
                "catalog.images.add", ["prod_id": prod, "url": "https://Example.com", "is_primary": true], via: via)
            #expect(first.status == 201)
            #expect(
                first.body == [
                    "url": "https://example.com/", "is_primary": true, "position": 0, "id": first["id"] ?? nil,
                ])
            let second = try await c.admin(
                "catalog.images.add",
                ["prod_id": prod, "url": "http://cdn.example.com/x.jpg?w=1", "is_primary": true, "position": 1],
                via: via)
            let list = try await c.admin("catalog.images.list", ["prod_id": prod], via: via)
            #expect(list.status == 200)
            #expect(list.body.arrayValue.map { $0["is_primary"] } == [false, true])

            let secondID = try #require(second["id"])
            let firstID = try #require(first["id"])
            let moved = try await c.admin(
                "catalog.images.update", ["prod_id": prod, "image_id": firstID, "is_primary": true, "position": 5],
                via: via)
            #expect(moved.status == 200)
            #expect(moved["position"] == 5 && moved["is_primary"] == true && moved["url"] == "https://example.com/")
            let reordered = try await c.admin("catalog.images.list", ["prod_id": prod], via: via)
            #expect(reordered.body.arrayValue.map { $0["id"] } == [secondID, firstID])
            #expect(reordered.body.arrayValue.map { $0["is_primary"] } == [false, true])

            #expect(
                try await c.admin("catalog.images.delete", ["prod_id": prod, "image_id": secondID], via: via).status
                    == 204)
            let gone = try await c.admin("catalog.images.delete", ["prod_id": prod, "image_id": secondID], via: via)
            #expect(gone.status == 404)
            #expect(gone.detail == "Image not found")
            let otherProduct = JSONValue.int(Int64(try await c.product()))
            let foreign = try await c.admin(
                "catalog.images.update", ["prod_id": otherProduct, "image_id": firstID, "position": 1], via: via)
            #expect(foreign.status == 404)
            let noProduct = try await c.admin(
                "catalog.images.add", ["prod_id": 999_999, "url": "https://e.com/"], via: via)
            #expect(noProduct.status == 404)
            #expect(noProduct.detail == "Product not found")
            #expect(try await c.admin("catalog.images.list", ["prod_id": 999_999], via: via).status == 404)
        }
    }

    @Test(arguments: Fixture.matrix)
    func invalidImagesAre422(backend: Backend, via: Via) async throws {
        try await CatalogApp.with(backend) { c in
            let prod = JSONValue.int(Int64(try await c.product()))
            let long = "https://e.com/" + String(repeating: "a", count: 490)
            let cases: [(JSONObject, String, String)] = [
                (["url": "ftp://e.com/a.png"], "url", "url_scheme"),
                (["url": "e.com/a.png"], "url", "url_parsing"),
                (["url": "https://"], "url", "url_parsing"),
                (["url": .string(long)], "url", "url_too_long"),
                (["url": "https://e.com/", "position": -1], "position", "greater_than_equal"),
                (["url": nil], "url", "string_type"),
            ]
            for (fields, field, type) in cases {
                var params = fields
                params["prod_id"] = prod
                let reply = try await c.admin("catalog.images.add", params, via: via)
                #expect(reply.status == 422, "\(fields): \(reply)")
                #expect(reply.detail?[0]?["loc"] == ["body", .string(field)], "\(fields): \(reply)")
                #expect(reply.detail?[0]?["type"] == .string(type), "\(fields): \(reply)")
            }
            let image = try await c.create("catalog.images.add", ["prod_id": prod, "url": "https://e.com/1.png"])
            let patch = try await c.admin(
                "catalog.images.update", ["prod_id": prod, "image_id": .int(Int64(image)), "url": "mailto:x@e.com"],
                via: via)
            #expect(patch.status == 422)
            #expect(patch.detail?[0]?["type"] == "url_scheme")
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func concurrentPrimariesLeaveExactlyOne(backend: Backend) async throws {
        try await CatalogApp.with(backend) { c in
            let prod = JSONValue.int(Int64(try await c.product()))
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        try await c.admin(
                            "catalog.images.add",
                            ["prod_id": prod, "url": .string("https://e.com/\(index).png"), "is_primary": true],
                            via: index % 2 == 0 ? .http : .rpc
                        ).status
                    }
                }
                for try await status in group { #expect(status == 201) }
            }
            let images = try await c.admin("catalog.images.list", ["prod_id": prod], via: .http).body.arrayValue
            #expect(images.count == 8)
            #expect(images.filter { $0["is_primary"] == true }.count == 1)
        }
    }
}
