import Kernel

/// Catalog's `ProductPricing`: price and availability read on the caller's connection, so that
/// Orders sees them inside its own transaction, or as a `WITH` item of Orders' own statement.
/// One `SELECT` serves both.
struct CatalogPricing: ProductPricing {
    func products(_ ids: [Int], on database: any SQLDatabase) async throws -> [Int: PricedProduct] {
        let unique = Array(Set(ids)).sorted()
        guard !unique.isEmpty else { return [:] }
        let rows = try await database.raw("\(Self.select(unique)) ORDER BY id").all()
        var products: [Int: PricedProduct] = [:]
        for row in rows {
            let product = PricedProduct(
                id: try row.decode(column: "id", as: Int.self),
                priceCents: try row.decode(column: "price_cents", as: Int.self),
                isActive: try row.decode(column: "is_active", as: Bool.self))
            products[product.id] = product
        }
        return products
    }

    func pricesClause(_ ids: [Int]) -> SQLQueryString {
        "priced_products AS (\(Self.select(Array(Set(ids)).sorted())))"
    }

    private static func select(_ ids: [Int]) -> SQLQueryString {
        "SELECT id, price_cents, is_active FROM products WHERE id IN (\(binds: ids))"
    }
}
