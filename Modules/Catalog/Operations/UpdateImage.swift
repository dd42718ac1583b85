import Kernel

/// catalog.images.update — PATCH /admin/products/{prod_id}/images/{image_id} → 200
/// `{url, is_primary, position, id}`. Applies only the fields present; `is_primary: true` unsets
/// the product's other primary atomically. 404 `Product not found` / `Image not found`.
struct UpdateImage: Kernel.Operation {
    static let method = "catalog.images.update"
    static let http = HTTPBinding(.patch, "/admin/products/{prod_id}/images/{image_id}")
    static let access = Access.superuser
    static let summary = "Change an image's URL, position or primary flag"
    static let errorStatuses = [404]

    struct Input: OperationInput {
        var productID: Int
        var imageID: Int
        var url: String?
        var isPrimary: Bool?
        var position: Int?

        init(from r: FieldReader) {
            productID = r.field("prod_id")
            imageID = r.field("image_id")
            let url: Patch<String> = r.patch("url")
            self.url = r.imageURL("url", url.value)
            let primary: Patch<Bool> = r.patch("is_primary")
            isPrimary = primary.value
            let position: Patch<Int> = r.patch("position", .ge(0), .le(CatalogLimits.int32Max))
            self.position = position.value
        }
    }

    let store: ImageStore
    let changes: CatalogChanges

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> ProductImage {
        let image = try await store.update(
            productID: input.productID, imageID: input.imageID, url: input.url, isPrimary: input.isPrimary,
            position: input.position)
        await changes.productChanged(input.productID)
        return image
    }
}
