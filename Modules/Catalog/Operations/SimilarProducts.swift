import Kernel

/// catalog.products.similar — GET /products/{prod_id}/similar → 200 `[ProductRead]`: up to
/// `limit` (1…20, default 4) other active products, newest first, from the first non-empty of
/// same category and brand, same category, any. 404 `Product not found` for an unknown or
/// inactive product. Cached.
struct SimilarProducts: Kernel.Operation {
    static let method = "catalog.products.similar"
    static let http = HTTPBinding(.get, "/products/{prod_id}/similar")
    static let access = Access.public
    static let summary = "Products similar to an active product"
    static let errorStatuses = [404]
    /// The cached bytes are this type's JSON (documented in OpenAPI and OpenRPC).
    typealias Documented = [Product]

    struct Input: OperationInput {
        var id: Int
        var limit: Int

        init(from r: FieldReader) {
            id = r.field("prod_id")
            limit = r.field("limit", default: 4, .ge(1), .le(20))
        }
    }

    let products: ProductStore
    let listing: ProductListing
    let cache: CatalogCache

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> RawJSON {
        try await cache.json("similar:\(input.id):\(input.limit)") {
            guard let product = try await products.product(id: input.id), product.isActive else {
                throw CatalogErrors.productNotFound
            }
            return try await listing.similar(to: product, limit: input.limit)
        }
    }
}
