import Kernel
import TestSupport
import Testing

@Suite("Concurrent writes")
struct ConcurrencyTests {
    static let creations: [(String, JSONObject)] = [
        ("catalog.brands.create", ["name": "Race", "slug": "race"]),
        ("catalog.categories.create", ["name": "Race", "slug": "race"]),
        ("catalog.products.create", ["sku": "RACE", "name": "Race", "slug": "race", "price_cents": 1]),
    ]

    @Test(arguments: TestEnvironment.backends)
    func duplicateCreationsYieldExactlyOne201(backend: Backend) async throws {
        try await CatalogApp.with(backend) { c in
            for (method, params) in Self.creations {
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<10 {
                        group.addTask { try await c.admin(method, params, via: index % 2 == 0 ? .http : .rpc).status }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(statuses.filter { $0 == 201 }.count == 1, "\(method): \(statuses)")
                #expect(statuses.filter { $0 == 409 }.count == 9, "\(method): \(statuses)")
            }
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func concurrentReparentingNeverMakesACycle(backend: Backend) async throws {
        try await CatalogApp.with(backend) { c in
            let a = try await c.create("catalog.categories.create", ["name": "A", "slug": "a"])
            let b = try await c.create("catalog.categories.create", ["name": "B", "slug": "b"])
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for (child, parent) in [(a, b), (b, a), (a, b), (b, a)] {
                    group.addTask {
                        try await c.admin(
                            "catalog.categories.update",
                            ["cat_id": .int(Int64(child)), "parent_id": .int(Int64(parent))],
                            via: .http
                        ).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 200 }.count >= 1)
            let list = try await c.get("catalog.categories.list", via: .http).body.arrayValue
            let parents = list.compactMap { $0["parent_id"] }.filter { $0 != .null }
            #expect(parents.count == 1, "\(list)")
        }
    }

    /// Of parallel deletes of one brand or category exactly one answers 204, the rest 404, as
    /// for products (found by a QA pass: on PostgreSQL several deletes that had all found the
    /// row answered 204).
    @Test(arguments: TestEnvironment.backends)
    func parallelDeletesOfOneRowAnswer204Once(backend: Backend) async throws {
        try await CatalogApp.with(backend) { c in
            for round in 0..<5 {
                let brand = try await c.create(
                    "catalog.brands.create", ["name": .string("B\(round)"), "slug": .string("b\(round)")])
                let category = try await c.create(
                    "catalog.categories.create", ["name": .string("C\(round)"), "slug": .string("c\(round)")])
                for (method, key, id) in [
                    ("catalog.brands.delete", "brand_id", brand), ("catalog.categories.delete", "cat_id", category),
                ] {
                    let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                        for index in 0..<6 {
                            group.addTask {
                                try await c.admin(method, [key: .int(Int64(id))], via: index % 2 == 0 ? .http : .rpc)
                                    .status
                            }
                        }
                        return try await group.reduce(into: []) { $0.append($1) }
                    }
                    #expect(statuses.sorted() == [204, 404, 404, 404, 404, 404], "\(method): \(statuses)")
                }
            }
        }
    }
}
