import Catalog
import Kernel
import TestSupport
import Testing

@Suite("Catalog cache")
struct CacheTests {
    @Test(arguments: Fixture.matrix)
    func hitsServeTheSameBytesUntilAnyWriteInvalidates(backend: Backend, via: Via) async throws {
        try await CatalogApp.with(backend) { c in
            let id = try await c.product(["name": "v0", "slug": "cached"])
            let prod = JSONValue.int(Int64(id))
            let reads: [(String, JSONObject)] = [
                ("catalog.products.list", ["q": "cached"]), ("catalog.products.get", ["prod_id": prod]),
            ]
            let writes: [(String, JSONObject)] = [
                ("catalog.brands.create", ["name": "B", "slug": "b"]),
                ("catalog.categories.create", ["name": "C", "slug": "c"]),
                ("catalog.products.update", ["prod_id": prod, "price_cents": 5]),
                ("catalog.images.add", ["prod_id": prod, "url": "https://e.com/i.png"]),
                ("catalog.products.create", ["sku": "other", "name": "other", "slug": "other", "price_cents": 1]),
            ]
            for (version, write) in writes.enumerated() {
                let before = try await reads.asyncMap { try await c.get($0.0, $0.1, via: via) }
                let again = try await reads.asyncMap { try await c.get($0.0, $0.1, via: via) }
                #expect(before.map(\.bytes) == again.map(\.bytes))
                // Behind the API's back: a cache hit cannot see this.
                try await c.execute("UPDATE products SET name = 'v\(version + 1)' WHERE id = \(id)")
                let stale = try await reads.asyncMap { try await c.get($0.0, $0.1, via: via) }
                #expect(stale.map(\.bytes) == before.map(\.bytes), "not served from the cache")
                let written = try await c.admin(write.0, write.1, via: via)
                #expect(written.status < 300, "\(write.0): \(written)")
                let fresh = try await reads.asyncMap { try await c.get($0.0, $0.1, via: via) }
                #expect(fresh[0].items.first?["name"] == .string("v\(version + 1)"), "after \(write.0)")
                #expect(fresh[1]["name"] == .string("v\(version + 1)"), "after \(write.0)")
            }
            // Another module's change (Inventory publishes this when stock moves).
            try await c.execute("UPDATE products SET name = 'event' WHERE id = \(id)")
            await c.app.runtime.events.publish(ProductChanged(productID: id))
            #expect(try await c.get("catalog.products.get", ["prod_id": prod], via: via)["name"] == "event")
        }
    }

    /// Stock moves on every order: that must refresh the details of the products it names,
    /// which show stock, but neither drop the cached listings, which do not, nor the other
    /// products' cached details.
    @Test(arguments: TestEnvironment.backends)
    func aDetailOnlyChangeKeepsListingsAndOtherDetailsCached(backend: Backend) async throws {
        try await CatalogApp.with(backend) { c in
            let id = try await c.product(["name": "v1"])
            let other = try await c.product(["name": "o1"])
            let prod = JSONValue.int(Int64(id))
            func name(_ product: Int) async throws -> JSONValue? {
                try await c.get("catalog.products.get", ["prod_id": .int(Int64(product))], via: .rpc)["name"]
            }
            let listing = try await c.get("catalog.products.list", via: .http)
            #expect(try await name(id) == "v1")
            #expect(try await name(other) == "o1")
            try await c.execute("UPDATE products SET name = 'v2' WHERE id = \(id)")
            try await c.execute("UPDATE products SET name = 'o2' WHERE id = \(other)")
            await c.app.runtime.events.publish(ProductChanged(productID: id, listed: false))
            #expect(try await name(id) == "v2")
            #expect(try await name(other) == "o1", "the other product's detail stays cached")
            #expect(try await c.get("catalog.products.list", via: .http).bytes == listing.bytes, "listing kept")
            await c.app.runtime.events.publish(ProductChanged(productIDs: [id, other], listed: false))
            #expect(try await name(other) == "o2")
            await c.app.runtime.events.publish(ProductChanged(productID: id))
            let names = try await c.get("catalog.products.list", via: .http).items.map { $0["name"] }
            #expect(names == ["o2", "v2"])
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func brandAndCategoryListsAreCachedAndInvalidated(backend: Backend) async throws {
        try await CatalogApp.with(backend) { c in
            let brand = try await c.create("catalog.brands.create", ["name": "Old", "slug": "old"])
            _ = try await c.get("catalog.brands.list", via: .http)
            try await c.execute("UPDATE brands SET name = 'Sneaky' WHERE id = \(brand)")
            #expect(try await c.get("catalog.brands.list", via: .http).body[0]?["name"] == "Old")
            _ = try await c.admin("catalog.brands.delete", ["brand_id": .int(Int64(brand))], via: .http)
            #expect(try await c.get("catalog.brands.list", via: .http).body.arrayValue.isEmpty)
            _ = try await c.create("catalog.categories.create", ["name": "Cat", "slug": "cat"])
            #expect(try await c.get("catalog.categories.list", via: .rpc).body.arrayValue.count == 1)
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func aTTLOfZeroTurnsCachingOff(backend: Backend) async throws {
        try await CatalogApp.with(backend, extraYAML: "catalog: { listing_cache_ttl_seconds: 0 }") { c in
            let id = try await c.product(["name": "first"])
            _ = try await c.get("catalog.products.list", via: .http)
            try await c.execute("UPDATE products SET name = 'second' WHERE id = \(id)")
            #expect(try await c.get("catalog.products.list", via: .http).items.first?["name"] == "second")
        }
    }

    @Test func aWriteThroughAnotherInstanceInvalidatesThisOne() async throws {
        guard TestEnvironment.backends.contains(.postgres) else { return }
        try await CatalogApp.with(.postgres) { c in
            let id = try await c.product(["name": "v1"])
            let before = try await c.get("catalog.products.list", via: .http)
            try await c.execute("UPDATE products SET name = 'v2' WHERE id = \(id)")
            #expect(try await c.get("catalog.products.list", via: .http).bytes == before.bytes)
            try await SecondRuntime.with(sharing: c.app) { second in
                // The other instance caches too, in the same entries.
                #expect(try await second.call("catalog.products.list")["items"]?[0]?["name"] == "v1")
                _ = try await second.call(
                    "catalog.products.update", ["prod_id": .int(Int64(id)), "price_cents": 7], token: c.admin)
            }
            let after = try await c.get("catalog.products.list", via: .http)
            #expect(after.items.first?["name"] == "v2")
            #expect(after.items.first?["price_cents"] == 7)
        }
    }

    @Test func resultsStayCorrectWithTheCacheDown() async throws {
        guard TestEnvironment.backends.contains(.postgres) else { return }
        try await CatalogApp.with(.postgres) { c in
            try await SecondRuntime.with(sharing: c.app, cacheURL: "redis://127.0.0.1:1/0") { down in
                let created = try await down.call(
                    "catalog.products.create", ["sku": "S", "name": "Down", "slug": "down", "price_cents": 10],
                    token: c.admin)
                let id = try #require(created["id"])
                #expect(try await down.call("catalog.products.list")["total"] == 1)
                _ = try await down.call("catalog.products.update", ["prod_id": id, "name": "Still"], token: c.admin)
                #expect(try await down.call("catalog.products.list")["items"]?[0]?["name"] == "Still")
                #expect(try await down.call("catalog.products.get", ["prod_id": id])["name"] == "Still")
            }
        }
    }
}

extension Array {
    /// `map` with an async transform, in order.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async throws -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
