import Kernel

/// The original's seed script (§6), made idempotent without its slug-conflict failure, and the
/// get-or-create steps the generated catalogue shares.
enum DemoCatalog {
    static let phones: [(sku: String, name: String, slug: String, brand: String, price: Int)] = [
        ("IP14-128-BL", "iPhone 14 128 Black", "iphone-14-128-black", "apple", 700_000),
        ("IP14-128-MN", "iPhone 14 128GB Midnight", "iphone-14-128-midnight", "apple", 690_000),
        ("SM-S24", "Galaxy s24", "galaxy-s24", "samsung", 650_000),
    ]

    static func seedBase(on sql: any SQLDatabase) async throws -> CatalogSeedSummary {
        var summary = CatalogSeedSummary()
        var brands: [String: Int] = [:]
        for (name, slug) in [("Apple", "apple"), ("Samsung", "samsung")] {
            let (id, created) = try await brand(name: name, slug: slug, on: sql)
            brands[slug] = id
            if created { summary.brands += 1 }
        }
        let (category, created) = try await category(name: "Smartphones", slug: "smartphones", parentID: nil, on: sql)
        if created { summary.categories += 1 }
        let rows = phones.map { phone in
            SeedProduct(
                draft: ProductDraft(
                    sku: phone.sku, name: phone.name, slug: phone.slug, brandID: brands[phone.brand],
                    categoryID: category, priceCents: phone.price, isActive: true),
                createdAt: Timestamp.now(), images: [])
        }
        summary.products = try await SeedProduct.insert(rows, on: sql).count
        return summary
    }

    /// The id of the brand with `slug` (or else `name`), inserted when neither exists.
    static func brand(name: String, slug: String, on sql: any SQLDatabase) async throws -> (Int, Bool) {
        let inserted = try await sql.raw(
            "INSERT INTO brands (name, slug) VALUES (\(bind: name), \(bind: slug)) ON CONFLICT DO NOTHING RETURNING id"
        ).first()
        if let inserted { return (try inserted.decode(column: "id", as: Int.self), true) }
        let row = try await sql.raw(
            """
            SELECT id FROM brands WHERE slug = \(bind: slug) OR name = \(bind: name)
            ORDER BY CASE WHEN slug = \(bind: slug) THEN 0 ELSE 1 END LIMIT 1
            """
        ).first()
        return (try row.orThrow().decode(column: "id", as: Int.self), false)
    }

    /// The id of the category with `slug`, inserted when missing.
    static func category(name: String, slug: String, parentID: Int?, on sql: any SQLDatabase) async throws -> (
        Int, Bool
    ) {
        let inserted = try await sql.raw(
            """
            INSERT INTO categories (name, slug, parent_id) VALUES (\(bind: name), \(bind: slug), \(bind: parentID))
            ON CONFLICT DO NOTHING RETURNING id
            """
        ).first()
        if let inserted { return (try inserted.decode(column: "id", as: Int.self), true) }
        let row = try await sql.raw("SELECT id FROM categories WHERE slug = \(bind: slug)").first()
        return (try row.orThrow().decode(column: "id", as: Int.self), false)
    }
}
