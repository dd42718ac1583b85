import Kernel

/// catalog.products.get — GET /products/{prod_id} → 200 ProductRead + `images` + the fields
/// other modules add (Inventory: `inventory_qty`, `in_stock`). 404 `Not found` for an unknown
/// or inactive product. Cached; modules that contribute fields publish `ProductChanged` when
/// they change.
struct GetProduct: Kernel.Operation {
    static let method = "catalog.products.get"
    static let http = HTTPBinding(.get, "/products/{prod_id}")
    static let access = Access.public
    static let summary = "An active product with its images and stock"
    static let errorStatuses = [404]
    /// The cached bytes are this type's JSON (documented in OpenAPI and OpenRPC).
    typealias Documented = ProductDetailExample

    struct Input: OperationInput {
        var id: Int
        init(from r: FieldReader) { id = r.field("prod_id") }
    }

    let products: ProductStore
    let images: ImageStore
    let cache: CatalogCache
    /// Read per request: the modules that extend the detail boot after Catalog.
    let services: ServiceRegistry

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> RawJSON {
        let extensions = services.all((any ProductDetailExtension).self)
        return RawJSON(
            bytes: try await cache.detail(input.id, extensions: extensions) {
                guard let product = try await products.product(id: input.id), product.isActive else {
                    throw CatalogErrors.notFound
                }
                let detail = try await ProductDetail.json(
                    product, images: try await images.images(productID: product.id), extensions: extensions)
                return detail.serializedBytes()
            })
    }
}
