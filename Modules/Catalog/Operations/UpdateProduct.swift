import Kernel

/// catalog.products.update — PATCH /admin/products/{prod_id} → 200 ProductRead. Applies only the
/// fields present; `null` detaches `brand_id`/`category_id` and is a 422 for the others.
/// 404, 409 (taken sku or slug), 422 (unknown brand or category, negative price).
struct UpdateProduct: Kernel.Operation {
    static let method = "catalog.products.update"
    static let http = HTTPBinding(.patch, "/admin/products/{prod_id}")
    static let access = Access.superuser
    static let summary = "Update some fields of a product"
    static let errorStatuses = [404, 409]

    struct Input: OperationInput {
        var id: Int
        var changes: ProductChanges

        init(from r: FieldReader) {
            id = r.field("prod_id")
            let sku: Patch<String> = r.patch("sku", .minLength(1), .maxLength(CatalogLimits.sku))
            let name: Patch<String> = r.patch("name", .minLength(1), .maxLength(CatalogLimits.productName))
            let slug: Patch<String> = r.patch("slug", .minLength(1), .maxLength(CatalogLimits.productSlug))
            let brand: Patch<Int> = r.patch("brand_id", nullable: true)
            let category: Patch<Int> = r.patch("category_id", nullable: true)
            let price: Patch<Int> = r.patch("price_cents", .ge(0), .le(CatalogLimits.int32Max))
            let active: Patch<Bool> = r.patch("is_active")
            changes = ProductChanges(
                sku: sku.value, name: name.value, slug: slug.value, brandID: brand, categoryID: category,
                priceCents: price.value, isActive: active.value)
        }
    }

    let store: ProductStore
    let changes: CatalogChanges

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> Product {
        let product = try await store.update(id: input.id, input.changes)
        await changes.productChanged(product.id)
        return product
    }
}
