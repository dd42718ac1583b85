import Catalog
import Foundation
import Kernel
import TestSupport
import Testing

@Suite("Measure (temporary)")
struct ZZMeasureTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CATALOG_MEASURE"] != nil), arguments: TestEnvironment.backends)
    func measure(backend: Backend) async throws {
        for ttl in [0, 120] {
        try await CatalogApp.with(backend, extraYAML: "catalog: { listing_cache_ttl_seconds: \(ttl) }") { c in
            let seeder = try c.app.runtime.services.require(CatalogSeeder.self)
            var start = ContinuousClock.now
            let n = ttl == 0 ? 100_000 : 20_000
            _ = try await seeder.seed(products: n)
            print("MEASURE \(backend) seed \(n): \(ContinuousClock.now - start)")
            if backend == .postgres { try await c.execute("ANALYZE") }
            let queries: [JSONObject] = [
                [:], ["sort": "price_asc"], ["sort": "price_desc", "offset": 5000], ["q": "nova"],
                ["category_id": 5, "sort": "price_asc"], ["min_price": 10000, "max_price": 20000],
            ]
            for q in queries {
                _ = try await c.get("catalog.products.list", q, via: .http)
                start = ContinuousClock.now
                for _ in 0..<50 { _ = try await c.get("catalog.products.list", q, via: .http) }
                print("MEASURE \(backend) ttl=\(ttl) \(q.keys) \(JSONValue.object(q).serialized()): \((ContinuousClock.now - start) / 50) per request")
            }
            start = ContinuousClock.now
            for i in 1...200 { _ = try await c.get("catalog.products.get", ["prod_id": .int(Int64(i))], via: .http) }
            print("MEASURE \(backend) ttl=\(ttl) detail: \((ContinuousClock.now - start) / 200)")
            if backend == .postgres && ttl == 0 {
                let filter = "is_active = true"
                for order in ["created_at DESC, id DESC", "price_cents ASC, id ASC"] {
                    let rows = try await c.app.runtime.database.sql.raw(SQLQueryString("""
                        EXPLAIN ANALYZE SELECT c.total, p.id FROM (SELECT COUNT(*) AS total FROM products WHERE \(filter)) AS c
                        LEFT JOIN (SELECT id, created_at, price_cents FROM products WHERE \(filter) ORDER BY \(order) LIMIT 20 OFFSET 0) AS p ON 1 = 1
                        """)).all()
                    for row in rows { print("PLAN", try row.decode(column: "QUERY PLAN", as: String.self)) }
                }
            }
        }
        }
    }
}
