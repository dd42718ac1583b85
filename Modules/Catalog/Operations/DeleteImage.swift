import Kernel

/// catalog.images.delete — DELETE /admin/products/{prod_id}/images/{image_id} → 204.
/// 404 `Product not found` / `Image not found`.
struct DeleteImage: Kernel.Operation {
    static let method = "catalog.images.delete"
    static let http = HTTPBinding(.delete, "/admin/products/{prod_id}/images/{image_id}", status: 204)
    static let access = Access.superuser
    static let summary = "Delete an image"
    static let errorStatuses = [404]

    struct Input: OperationInput {
        var productID: Int
        var imageID: Int

        init(from r: FieldReader) {
            productID = r.field("prod_id")
            imageID = r.field("image_id")
        }
    }

    let store: ImageStore
    let changes: CatalogChanges

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> NoContent {
        try await store.delete(productID: input.productID, imageID: input.imageID)
        await changes.productChanged(input.productID)
        return NoContent()
    }
}
