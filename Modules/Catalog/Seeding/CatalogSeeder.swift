import Kernel

/// What one seeding run created; rows that already existed are not counted.
public struct CatalogSeedSummary: Sendable, Equatable, Encodable, OperationOutput {
    /// Brands created.
    public var brands = 0
    /// Categories created.
    public var categories = 0
    /// Products created.
    public var products = 0
    /// Images created.
    public var images = 0

    /// Nothing created yet.
    public init() {}
}

/// Demo data for `ecom seed-demo` and `catalog.seed_demo`: the original's brands Apple and
/// Samsung, category Smartphones and its three phones, plus on request a generated catalogue
/// of `products` items (`GEN-0000001`, …) with brands, a category tree and one to three images
/// each. Idempotent: existing rows (by sku, slug or name) are kept and skipped, so running it
/// again with a larger count adds only the difference. Products are written in batches of
/// multi-row inserts, one transaction per batch.
///
/// In a running runtime use the registered service, which also drops Catalog's cache:
///
/// ```swift
/// let seeder = try runtime.services.require(CatalogSeeder.self)
/// let summary = try await seeder.seed(products: 10_000) { done, total in print("\(done)/\(total)") }
/// ```
public struct CatalogSeeder: Sendable {
    /// The most generated products `ecom seed-demo --products` accepts (`catalog.seed_demo`
    /// accepts 100,000).
    public static let maximumProducts = 1_000_000

    let database: any Database
    let cache: CatalogCache?

    /// A seeder that writes to `database` only (no cache to invalidate, e.g. before serving).
    public init(database: any Database) {
        self.database = database
        self.cache = nil
    }

    init(database: any Database, cache: CatalogCache) {
        self.database = database
        self.cache = cache
    }

    /// Seeds the demo rows and `products` generated ones (`0` for the demo only).
    /// - Parameters:
    ///   - batchSize: products per transaction (1…2000).
    ///   - progress: called after each batch with the generated products handled so far and `products`.
    public func seed(
        products count: Int = 0, batchSize: Int = 1000,
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) async throws -> CatalogSeedSummary {
        do {
            let summary = try await seedRows(products: count, batchSize: batchSize, progress: progress)
            await cache?.invalidate()
            return summary
        } catch {
            // Batches written before a failure or a timeout stay (running it again completes
            // them), so they must be listed too; in a task of its own, as a cancelled one
            // cannot reach the cache.
            await Task { [cache] in await cache?.invalidate() }.value
            throw error
        }
    }

    private func seedRows(
        products count: Int, batchSize: Int, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?
    ) async throws -> CatalogSeedSummary {
        var summary = try await database.transaction { sql in try await DemoCatalog.seedBase(on: sql) }
        if count > 0 {
            let generated = try await GeneratedCatalog(database: database).seed(
                count: count, batchSize: min(max(batchSize, 1), 2000), progress: progress)
            summary.brands += generated.brands
            summary.categories += generated.categories
            summary.products += generated.products
            summary.images += generated.images
            if generated.products > 0 { try await refreshStatistics() }
        }
        return summary
    }

    /// After a bulk load PostgreSQL has neither statistics nor a visibility map for the new
    /// rows until autovacuum gets to them, and plans the search listing as a sequential scan
    /// instead of an index-only scan of the covering price index (measured on 10,000 generated
    /// products: 7.5 ms per query instead of 1.9 ms). Vacuuming the loaded tables fixes both.
    private func refreshStatistics() async throws {
        guard database.kind == .postgres else { return }
        try await database.sql.raw("VACUUM (ANALYZE) products, product_images, brands, categories").run()
    }

    /// Seeds `database` directly; see `seed(products:batchSize:progress:)`.
    public static func seed(
        database: any Database, products count: Int = 0,
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) async throws -> CatalogSeedSummary {
        try await CatalogSeeder(database: database).seed(products: count, progress: progress)
    }
}

extension CatalogSeedSummary: SchemaExample {
    /// The demo catalog's counts, for the API documents.
    public static var schemaExample: CatalogSeedSummary {
        var summary = CatalogSeedSummary()
        summary.brands = 3
        summary.categories = 4
        summary.products = 12
        summary.images = 12
        return summary
    }
}
