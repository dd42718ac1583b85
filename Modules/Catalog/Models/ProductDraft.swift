import FoundationEssentials
import Kernel

/// The fields of a new product.
struct ProductDraft: Sendable {
    var sku: String
    var name: String
    var slug: String
    var brandID: Int?
    var categoryID: Int?
    var priceCents: Int
    var isActive: Bool
}

extension ProductDraft {
    /// The columns `values(createdAt:)` fills, in order; the folded copies serve `q`.
    static let columns =
        "sku, name, slug, name_folded, slug_folded, search_folded, brand_id, category_id, price_cents, is_active, "
        + "created_at"

    /// One parenthesised row of bound values for `INSERT INTO products (columns) VALUES …`.
    func values(createdAt: Date) -> SQLQueryString {
        let (foldedName, foldedSlug) = (CatalogLimits.foldedName(name), CatalogLimits.foldedSlug(slug))
        return """
            (\(bind: sku), \(bind: name), \(bind: slug), \(bind: foldedName), \(bind: foldedSlug),
            \(bind: CatalogLimits.searchText(foldedName: foldedName, foldedSlug: foldedSlug)),
            \(bind: brandID), \(bind: categoryID), \(bind: priceCents), \(bind: isActive), \(bind: createdAt))
            """
    }
}

/// The fields a PATCH gives; absent ones are left alone, `.null` detaches brand or category.
struct ProductChanges: Sendable {
    var sku: String?
    var name: String?
    var slug: String?
    var brandID: Patch<Int> = .absent
    var categoryID: Patch<Int> = .absent
    var priceCents: Int?
    var isActive: Bool?
}
