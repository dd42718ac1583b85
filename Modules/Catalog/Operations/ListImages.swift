import Kernel

/// catalog.images.list — GET /admin/products/{prod_id}/images → 200 `[{url, is_primary, position, id}]`
/// by position, then id; inactive products too. 404 `Product not found`.
struct ListImages: Kernel.Operation {
    static let method = "catalog.images.list"
    static let http = HTTPBinding(.get, "/admin/products/{prod_id}/images")
    static let access = Access.superuser
    static let summary = "A product's images in display order"
    static let errorStatuses = [404]

    struct Input: OperationInput {
        var productID: Int
        init(from r: FieldReader) { productID = r.field("prod_id") }
    }

    let store: ImageStore

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> [ProductImage] {
        try await store.list(productID: input.productID)
    }
}
