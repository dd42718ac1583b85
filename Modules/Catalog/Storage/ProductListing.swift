import Kernel

/// Product reads for listings: filtered pages and similar products.
struct ProductListing: Sendable {
    let database: any Database

    /// One page and the total number of matches, from a single statement so that both come
    /// from the same snapshot (see `pageStatement`).
    func page(_ query: ProductQuery) async throws -> ProductPage {
        let rows = try await database.sql.raw(Self.pageStatement(query, on: database.kind)).all()
        let items = try rows.filter { try $0.decode(column: "id", as: Int?.self) != nil }.map(Rows.product)
        var total = try rows.first?.decode(column: "total", as: Int.self) ?? 0
        if query.likePattern != nil, rows.isEmpty, query.offset > 0 {
            // A search page past the end carries no row to read the total from.
            let count = try await database.sql.raw(Self.countStatement(query, on: database.kind)).first()
            total = try count?.decode(column: "total", as: Int.self) ?? 0
        }
        return ProductPage(total: total, limit: query.limit, offset: query.offset, items: items)
    }

    /// The statement behind `page` (`ListingIndexTests` checks its plans use the indexes).
    ///
    /// Without `q`, the total is a separate `COUNT(*)` joined to the page, so that a page past
    /// the end still carries it: each side is narrowed by an index on its own. With `q`, whose
    /// substring test no B-tree narrows, every row in range must be tested anyway, so one scan
    /// does both: the matches are walked in the listing's order with `COUNT(*) OVER ()`, only
    /// the page's ids leave it, and the page's rows are read by primary key (1.45x the
    /// throughput of two scans on PostgreSQL, measured with pgbench on the benchmark's catalog).
    static func pageStatement(_ query: ProductQuery, on kind: DatabaseKind) -> SQLQueryString {
        let filter = Self.filter(query, on: kind)
        let bounds: SQLQueryString = "LIMIT \(bind: query.limit) OFFSET \(bind: query.offset)"
        guard query.likePattern == nil else {
            return """
                SELECT w.total, \(unsafeRaw: Self.pageColumns)
                FROM (
                    SELECT id, COUNT(*) OVER () AS total FROM products WHERE \(filter)
                    ORDER BY \(unsafeRaw: query.sort.orderBy()) \(bounds)
                ) AS w
                JOIN products AS p ON p.id = w.id
                ORDER BY \(unsafeRaw: query.sort.orderBy("p"))
                """
        }
        return """
            SELECT c.total, \(unsafeRaw: Self.pageColumns)
            FROM (\(Self.countStatement(query, on: kind))) AS c
            LEFT JOIN (
                SELECT \(unsafeRaw: Rows.product) FROM products WHERE \(filter)
                ORDER BY \(unsafeRaw: query.sort.orderBy()) \(bounds)
            ) AS p ON 1 = 1
            ORDER BY \(unsafeRaw: query.sort.orderBy("p"))
            """
    }

    /// The number of products matching `query`, as the column `total`.
    private static func countStatement(_ query: ProductQuery, on kind: DatabaseKind) -> SQLQueryString {
        "SELECT COUNT(*) AS total FROM products WHERE \(filter(query, on: kind))"
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
    ///
    /// `q` is one test of `search_folded` (name, line feed, slug), or of the name and the slug
    /// apart when it has a line feed of its own, which could match across the two. Its pattern
    /// escapes with a backslash, which is PostgreSQL's default escape character and must be
    /// named to SQLite. PostgreSQL is not told: with the pattern bound, its plan (generic once
    /// prepared) would apply `like_escape` to the parameter again for every row tested.
    /// Measured with pgbench on the benchmark's search (generic plans): 690-700 queries/s with
    /// `ESCAPE` and two columns, 810-835 without `ESCAPE`, 995-1,033 with one column.
    static func filter(_ query: ProductQuery, on kind: DatabaseKind) -> SQLQueryString {
        var conditions: [SQLQueryString] = []
        if let active = query.isActive { conditions.append("is_active = \(bind: active)") }
        if let pattern = query.likePattern {
            let escape: SQLQueryString = kind == .sqlite ? " ESCAPE '\\'" : ""
            if pattern.contains("\n") {
                conditions.append(
                    "(name_folded LIKE \(bind: pattern)\(escape) OR slug_folded LIKE \(bind: pattern)\(escape))")
            } else {
                conditions.append("search_folded LIKE \(bind: pattern)\(escape)")
            }
        }
        if let category = query.categoryID { conditions.append("category_id = \(bind: category)") }
        if let brand = query.brandID { conditions.append("brand_id = \(bind: brand)") }
        if let low = query.minPrice { conditions.append("price_cents >= \(bind: low)") }
        if let high = query.maxPrice { conditions.append("price_cents <= \(bind: high)") }
        return conditions.isEmpty ? "1 = 1" : conditions.joined(separator: " AND ")
    }
}
