import Kernel

/// catalog.images.add — POST /admin/products/{prod_id}/images → 201 `{url, is_primary, position, id}`.
/// The URL must be absolute http(s) (normalised like pydantic's `HttpUrl`, at most 500
/// characters); a primary image unsets the product's other primary atomically. 404
/// `Product not found`; works for inactive products.
struct AddImage: Kernel.Operation {
    static let method = "catalog.images.add"
    static let http = HTTPBinding(.post, "/admin/products/{prod_id}/images", status: 201)
    static let access = Access.superuser
    static let summary = "Add an image to a product"
    static let errorStatuses = [404]

    struct Input: OperationInput {
        var productID: Int
        var url: String
        var isPrimary: Bool
        var position: Int

        init(from r: FieldReader) {
            productID = r.field("prod_id")
            url = r.imageURL("url", r.field("url")) ?? ""
            isPrimary = r.field("is_primary", default: false)
            position = r.field("position", default: 0, .ge(0), .le(CatalogLimits.int32Max))
        }
    }

    let store: ImageStore
    let changes: CatalogChanges

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> ProductImage {
        let image = try await store.add(
            productID: input.productID, url: input.url, isPrimary: input.isPrimary, position: input.position)
        await changes.productChanged(input.productID)
        return image
    }
}
