import Foundation
import Kernel
import TestSupport
import Testing

@testable import Catalog

@Suite("Demo data")
struct SeederTests {
    @Test(arguments: TestEnvironment.backends)
    func theDemoCatalogueIsIdempotent(backend: Backend) async throws {
        try await CatalogApp.with(backend) { c in
            // A product already using one of the demo slugs must not make the run fail.
            _ = try await c.product(["sku": "MINE", "slug": "galaxy-s24"])
            let seeder = try c.app.runtime.services.require(CatalogSeeder.self)
            let first = try await seeder.seed()
            #expect([first.brands, first.categories, first.products, first.images] as [Int] == [2, 1, 2, 0])
            let second = try await seeder.seed()
            #expect([second.brands, second.categories, second.products, second.images] as [Int] == [0, 0, 0, 0])
            let listing = try await c.get("catalog.products.list", ["q": "iphone", "sort": "price_desc"], via: .http)
            #expect(listing.items.compactMap { $0["sku"]?.stringValue } == ["IP14-128-BL", "IP14-128-MN"])
            #expect(listing.items.first?["price_cents"] == 700_000)
        }
    }

    @Test(arguments: Fixture.matrix)
    func generatedProductsAreAddedOnlyOnce(backend: Backend, via: Via) async throws {
        try await CatalogApp.with(backend) { c in
            let first = try await c.admin("catalog.seed_demo", ["products": 120], via: via)
            #expect(first.status == 200)
            #expect(first["products"] == 123)
            #expect((first["images"].flatMap { if case .int(let n) = $0 { n } else { nil } } ?? 0) >= 120)
            let again = try await c.admin("catalog.seed_demo", ["products": 150], via: via)
            #expect(again["products"] == 30)
            #expect(again["brands"] == 0)
            let all = try await c.admin("catalog.products.admin_list", ["limit": 1], via: via)
            #expect(all["total"] == 153)
            let categories = try await c.get("catalog.categories.list", via: via).body.arrayValue
            #expect(categories.count == 13)
            let withParent = categories.filter { $0["parent_id"] != .null }
            #expect(withParent.count == 9)
        }
    }

    @Sendable static func halfSecondRequests(_ config: inout AppConfig) { config.http.requestTimeoutSeconds = 0.5 }

    /// A seeding answered 503 at the request timeout keeps the batches it wrote (running it
    /// again completes them), and the cached listing shows them at once: it showed the old
    /// total until the cache entry expired, as the timed-out run never invalidated it.
    @Test(arguments: TestEnvironment.backends)
    func aTimedOutSeedingIsListedAtOnce(backend: Backend) async throws {
        try await Shop.with(backend, configure: Self.halfSecondRequests) { shop in
            let before = try await shop.app.call("catalog.products.list", ["limit": 1], via: .http)["total"]
            let seeded = try await shop.admin("catalog.seed_demo", ["products": 100_000])
            #expect(seeded.status == 503)
            var listed = false
            for _ in 0..<50 where !listed {
                try await Task.sleep(for: .milliseconds(100))
                let stored = try await shop.app.runtime.database.sql.raw(
                    "SELECT COUNT(*) AS n FROM products WHERE is_active"
                ).first()?.decode(column: "n", as: Int.self)
                let total = try await shop.app.call("catalog.products.list", ["limit": 1], via: .http)["total"]
                listed = total != before && total == stored.map { .int(Int64($0)) }
            }
            #expect(listed, "the listing kept its total from before the seeding")
        }
    }

    /// A minute apart, two billion products went back to 1777 BC and two hundred billion past
    /// what a date can hold in microseconds; whatever the count, the oldest stays within about
    /// 1.9 years of the newest, which is now.
    @Test(arguments: [1, 1_000, 1_000_000, 1_000_001, 2_000_000_000, 200_000_000_000, Int.max])
    func generatedProductsAreDatedWithinTwoYears(count: Int) {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let oldest = GeneratedCatalog.createdAt(1, of: count, now: now)
        #expect(GeneratedCatalog.createdAt(count, of: count, now: now) == now)
        #expect(oldest <= now && now.timeIntervalSince(oldest) <= 60_000_000)
        if count <= 1_000_000 { #expect(now.timeIntervalSince(oldest) == Double(count - 1) * 60) }
        #expect(GeneratedCatalog.createdAt(max(1, count / 2), of: count, now: now) >= oldest)
    }

    @Test(arguments: TestEnvironment.backends)
    func tenThousandProductsTakeSeconds(backend: Backend) async throws {
        try await CatalogApp.with(backend) { c in
            let seeder = try c.app.runtime.services.require(CatalogSeeder.self)
            let calls = Counter()
            let start = ContinuousClock.now
            let summary = try await seeder.seed(products: 10_000) { done, total in calls.record(done, total) }
            let elapsed = ContinuousClock.now - start
            print("catalog seed-demo 10,000 products on \(backend): \(elapsed) (\(summary.images) images)")
            #expect(summary.products == 10_003)
            #expect(calls.last == 10_000 && calls.count == 10)
            #expect(elapsed < .seconds(60))
            let page = try await c.get("catalog.products.list", ["limit": 100, "sort": "price_asc"], via: .http)
            #expect(page.items.count == 100)
            if backend == .postgres {
                // The bulk load was vacuumed and analyzed (not left for autovacuum), so listings
                // are planned on the loaded rows at once.
                let row = try await c.app.runtime.database.sql.raw(
                    """
                    SELECT last_vacuum IS NOT NULL AND last_analyze IS NOT NULL AS done
                    FROM pg_stat_user_tables WHERE relname = 'products'
                    """
                ).first()
                #expect(try row?.decode(column: "done", as: Bool.self) == true)
            }
        }
    }
}

/// Records progress callbacks (called from the seeding task, read after it).
final class Counter: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var calls: [(Int, Int)] = []

    func record(_ done: Int, _ total: Int) { lock.withLock { calls.append((done, total)) } }
    var count: Int { lock.withLock { calls.count } }
    var last: Int? { lock.withLock { calls.last?.0 } }
}
