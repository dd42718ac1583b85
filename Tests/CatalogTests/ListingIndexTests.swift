import Kernel
import TestSupport
import Testing

@testable import Catalog

/// The uncached listing's statement must be answered from an index, not by reading the whole
/// table: for `q`, a price range and `sort=price_asc` (what `scripts/bench` measures), the
/// range, the order, the `q` test and the window count all come from one walk of
/// `ix_products_active_price_q`. The plan is asked of each engine for the very statement
/// `ProductListing.page` runs.
@Suite("Listing indexes")
struct ListingIndexTests {
    /// A search with a price range and a deep page, as a storefront sends it.
    static let params = [
        "q": "pro", "min_price": "20000", "max_price": "60000", "sort": "price_asc", "limit": "20", "offset": "40",
    ]

    @Test(arguments: TestEnvironment.backends)
    func searchWithPriceRangeReadsThePriceIndex(backend: Backend) async throws {
        try await TestApp.with(backend, modules: ["catalog"]) { app in
            let database = app.runtime.database
            // The benchmark's catalogue, with the statistics (and, on PostgreSQL, the visibility
            // map) a running database has: plans for a few rows say nothing.
            _ = try await CatalogSeeder.seed(database: database, products: 10_000)
            switch backend {
            case .sqlite: try await database.sql.raw("ANALYZE").run()
            case .postgres:
                let counts = try await Self.vacuum(database)
                #expect(counts.visible == counts.pages, "all-visible pages after VACUUM: \(counts)")
            }
            let input = try FieldReader.decode(
                ListProducts.Input.self, from: InputBag(query: Self.params), binding: ListProducts.http)
            let plan = try await Self.plan(
                of: ProductListing.pageStatement(input.query, on: database.kind), on: database, backend)
            let text = plan.joined(separator: "\n")
            switch backend {
            case .sqlite:
                // One walk of the index alone in price order counts and pages; the page's rows
                // are then read by primary key.
                #expect(
                    plan.filter {
                        $0.contains(
                            "USING COVERING INDEX ix_products_active_price_q (is_active=? AND price_cents>?")
                    }.count == 1, "\(text)")
                #expect(plan.contains { $0.contains("USING INTEGER PRIMARY KEY") }, "\(text)")
                #expect(!plan.contains { $0.hasPrefix("SCAN products") || $0.hasPrefix("SCAN p") }, "\(text)")
            case .postgres:
                #expect(text.contains("Index Only Scan using ix_products_active_price_q"), "\(text)")
                #expect(text.contains("WindowAgg") && text.contains("Index Scan using products_pkey"), "\(text)")
                #expect(text.contains("Index Cond: ((is_active = true) AND (price_cents >="), "\(text)")
                #expect(!text.contains("Seq Scan on products"), "\(text)")
            }
        }
    }

    /// `VACUUM ANALYZE products` once every row is visible to all: the test cluster commits
    /// asynchronously, and VACUUM cannot mark a page all-visible (which index-only scans need)
    /// while a row's commit record is not yet flushed. One synchronous commit flushes them all.
    /// Returns the pages marked all-visible and the table's pages.
    @discardableResult
    static func vacuum(_ database: any Database) async throws -> (visible: Int, pages: Int) {
        try await database.transaction { sql in
            try await sql.raw("SET LOCAL synchronous_commit = on").run()
            try await sql.raw("CREATE TEMPORARY TABLE ecom_wal_flush (x INT) ON COMMIT DROP").run()
        }
        var counts = (visible: 0, pages: 0)
        for _ in 0..<20 {
            try await database.sql.raw("VACUUM ANALYZE products").run()
            let row = try await database.sql.raw(
                "SELECT relpages, relallvisible FROM pg_class WHERE relname = 'products'"
            ).first()
            counts = (
                try row?.decode(column: "relallvisible", as: Int.self) ?? 0,
                try row?.decode(column: "relpages", as: Int.self) ?? 0
            )
            if counts.visible >= counts.pages { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        return counts
    }

    /// The engine's plan for `statement`, one line per plan row.
    static func plan(of statement: SQLQueryString, on database: any Database, _ backend: Backend) async throws
        -> [String]
    {
        switch backend {
        case .sqlite:
            return try await database.sql.raw("EXPLAIN QUERY PLAN \(statement)").all().map {
                try $0.decode(column: "detail", as: String.self)
            }
        case .postgres:
            return try await database.sql.raw("EXPLAIN \(statement)").all().map {
                try $0.decode(column: "QUERY PLAN", as: String.self)
            }
        }
    }
}
