import FoundationEssentials
import Kernel

/// The generated part of the demo catalogue: product `i` is derived from `i` alone, so runs
/// are repeatable and a second run inserts nothing.
struct GeneratedCatalog: Sendable {
    let database: any Database

    func seed(
        count: Int, batchSize: Int, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?
    ) async throws -> CatalogSeedSummary {
        let (taxonomy, counts) = try await database.transaction { sql in try await Self.taxonomy(on: sql) }
        var summary = counts
        let now = Timestamp.now()
        var done = 0
        while done < count {
            let range = (done + 1)...(done + min(count - done, batchSize))
            let rows = range.map {
                Self.product($0, taxonomy: taxonomy, createdAt: Self.createdAt($0, of: count, now: now))
            }
            let inserted = try await database.transaction { sql in try await SeedProduct.insert(rows, on: sql) }
            summary.products += inserted.count
            summary.images += inserted.images
            done = range.upperBound
            progress?(done, count)
        }
        return summary
    }

    /// Ids of every generated brand (by name) and leaf category (by name).
    struct Taxonomy: Sendable {
        var brands: [String: Int] = [:]
        var categories: [String: Int] = [:]
    }

    private static func taxonomy(on sql: any SQLDatabase) async throws -> (Taxonomy, CatalogSeedSummary) {
        var taxonomy = Taxonomy()
        var summary = CatalogSeedSummary()
        var parents: [String: Int] = [:]
        for line in ProductLine.all {
            if parents[line.parent] == nil {
                let (id, created) = try await DemoCatalog.category(
                    name: line.parent, slug: ProductLine.slug(line.parent), parentID: nil, on: sql)
                parents[line.parent] = id
                summary.categories += created ? 1 : 0
            }
            let (id, created) = try await DemoCatalog.category(
                name: line.category, slug: ProductLine.slug(line.category), parentID: parents[line.parent], on: sql)
            taxonomy.categories[line.category] = id
            summary.categories += created ? 1 : 0
            for brand in line.brands where taxonomy.brands[brand] == nil {
                let (id, created) = try await DemoCatalog.brand(name: brand, slug: ProductLine.slug(brand), on: sql)
                taxonomy.brands[brand] = id
                summary.brands += created ? 1 : 0
            }
        }
        return (taxonomy, summary)
    }

    /// Up to this many products are a minute apart; more share the same span (about 1.9 years).
    static let productsAMinuteApart = 1_000_000

    /// When product `index` of `count` was created: the last one `now`, each one a minute
    /// before the next, or closer together beyond `productsAMinuteApart` products, so that no
    /// count dates one before the years the databases and the API can write (a minute apart,
    /// two billion products would go back to 1777 BC).
    static func createdAt(_ index: Int, of count: Int, now: Date) -> Date {
        let spacing = count <= productsAMinuteApart ? 60 : 60 * Double(productsAMinuteApart) / Double(count)
        return now.addingTimeInterval(-Double(count - index) * spacing)
    }

    /// Product `index` (1-based): about 4 % inactive, one to three images.
    static func product(_ index: Int, taxonomy: Taxonomy, createdAt: Date) -> SeedProduct {
        var random = SplitMix(seed: UInt64(index))
        let line = ProductLine.all[random.next(ProductLine.all.count)]
        let brand = line.brands[random.next(line.brands.count)]
        let series = line.series[random.next(line.series.count)]
        let variant = line.variants[random.next(line.variants.count)]
        let name = "\(brand) \(series) \(1 + random.next(20)) \(variant)"
        let slug = "\(ProductLine.slug(name))-\(index)"
        let span = line.priceCents.upperBound - line.priceCents.lowerBound
        let price = (line.priceCents.lowerBound + random.next(span + 1)) / 100 * 100 + 99
        let digits = String(index)
        let images = (1...(1 + random.next(3))).map { "https://images.example.com/products/\(slug)/\($0).jpg" }
        let draft = ProductDraft(
            sku: "GEN-" + String(repeating: "0", count: max(0, 7 - digits.count)) + digits, name: name, slug: slug,
            brandID: taxonomy.brands[brand], categoryID: taxonomy.categories[line.category], priceCents: price,
            isActive: random.next(25) != 0)
        return SeedProduct(draft: draft, createdAt: createdAt, images: images)
    }
}

/// A tiny deterministic generator (SplitMix64), so product `i` is the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 }

    /// A number in `0..<bound`.
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
