import Kernel

/// catalog.products.list — GET /products → 200 `{total, limit, offset, items}`: active products
/// filtered by `q` (name or slug, case-insensitive, literal), `category_id`, `brand_id` (0 means
/// no filter) and a price range, in one of four orders with the id as tiebreaker. 400 when
/// `min_price > max_price`. Cached as encoded JSON under the normalised query.
struct ListProducts: Kernel.Operation {
    static let method = "catalog.products.list"
    static let http = HTTPBinding(.get, "/products")
    static let access = Access.public
    static let summary = "List active products with search, filters, sorting and pagination"
    static let errorStatuses = [400]
    /// The cached bytes are this type's JSON (documented in OpenAPI and OpenRPC).
    typealias Documented = ProductPage

    struct Input: OperationInput {
        var query: ProductQuery
        init(from r: FieldReader) { query = ProductQuery(from: r, admin: false) }
    }

    let listing: ProductListing
    let cache: CatalogCache

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> RawJSON {
        try input.query.validate()
        return try await cache.json(input.query.cacheKey) { try await listing.page(input.query) }
    }
}
