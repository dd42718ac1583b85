import Kernel

/// catalog.products.delete — DELETE /admin/products/{prod_id} → 204, with its images (and
/// whatever other modules attach with `ON DELETE CASCADE`, such as stock). 404; 409 while an
/// order references it (nothing is deleted: deactivate it instead).
struct DeleteProduct: Kernel.Operation {
    static let method = "catalog.products.delete"
    static let http = HTTPBinding(.delete, "/admin/products/{prod_id}", status: 204)
    static let access = Access.superuser
    static let summary = "Delete a product that no order references"
    static let errorStatuses = [404, 409]

    struct Input: OperationInput {
        var id: Int
        init(from r: FieldReader) { id = r.field("prod_id") }
    }

    let store: ProductStore
    let changes: CatalogChanges

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> NoContent {
        try await store.delete(id: input.id)
        await changes.productChanged(input.id)
        return NoContent()
    }
}
