import Kernel

/// Product reads for listings: filtered pages and similar products.
struct ProductListing: Sendable {
    let database: any Database

    /// One page and the total number of matches, from a single statement so that both come
    /// from the same snapshot; the count is joined to the page so that a page past the end
    /// still carries the total.
    func page(_ query: ProductQuery) async throws -> ProductPage {
        let rows = try await database.sql.raw(Self.pageStatement(query)).all()
        let total = try rows.first?.decode(column: "total", as: Int.self) ?? 0
        let items = try rows.filter { try $0.decode(column: "id", as: Int?.self) != nil }.map(Rows.product)
        return ProductPage(total: total, limit: query.limit, offset: query.offset, items: items)
    }

    /// The statement behind `page` (`ListingIndexTests` checks its plan uses the indexes).
    static func pageStatement(_ query: ProductQuery) -> SQLQueryString {
        let filter = Self.filter(query)
        return """
            SELECT c.total, \(unsafeRaw: Self.pageColumns)
            FROM (SELECT COUNT(*) AS total FROM products WHERE \(filter)) AS c
            LEFT JOIN (
                SELECT \(unsafeRaw: Rows.product) FROM products WHERE \(filter)
                ORDER BY \(unsafeRaw: query.sort.orderBy()) LIMIT \(bind: query.limit) OFFSET \(bind: query.offset)
            ) AS p ON 1 = 1
            ORDER BY \(unsafeRaw: query.sort.orderBy("p"))
            """
    }

    /// Up to `limit` other active products, newest first, from the first non-empty of: same
    /// category and brand, same category, any. A criterion whose value is null is dropped.
    func similar(to product: Product, limit: Int) async throws -> [Product] {
        var tiers: [[SQLQueryString]] = []
        var criteria: [SQLQueryString] = []
        if let category = product.categoryID { criteria.append("category_id = \(bind: category)") }
        if let brand = product.brandID { criteria.append("brand_id = \(bind: brand)") }
        tiers.append(criteria)
        if let category = product.categoryID { tiers.append(["category_id = \(bind: category)"]) }
        tiers.append([])
        for tier in tiers {
            let conditions: [SQLQueryString] = ["is_active = \(bind: true)", "id <> \(bind: product.id)"] + tier
            let rows = try await database.sql.raw(
                """
                SELECT \(unsafeRaw: Rows.product) FROM products WHERE \(conditions.joined(separator: " AND "))
                ORDER BY created_at DESC, id DESC LIMIT \(bind: limit)
                """
            ).all()
            if !rows.isEmpty { return try rows.map(Rows.product) }
        }
        return []
    }

    private static let pageColumns = Rows.product.split(separator: ",").map { "p." + $0.filter { $0 != " " } }
        .joined(separator: ", ")

    /// The `WHERE` condition of `query`, every value bound.
    static func filter(_ query: ProductQuery) -> SQLQueryString {
        var conditions: [SQLQueryString] = []
        if let active = query.isActive { conditions.append("is_active = \(bind: active)") }
        if let pattern = query.likePattern {
            conditions.append(
                "(name_folded LIKE \(bind: pattern) ESCAPE '\\' OR slug_folded LIKE \(bind: pattern) ESCAPE '\\')")
        }
        if let category = query.categoryID { conditions.append("category_id = \(bind: category)") }
        if let brand = query.brandID { conditions.append("brand_id = \(bind: brand)") }
        if let low = query.minPrice { conditions.append("price_cents >= \(bind: low)") }
        if let high = query.maxPrice { conditions.append("price_cents <= \(bind: high)") }
        return conditions.isEmpty ? "1 = 1" : conditions.joined(separator: " AND ")
    }
}
