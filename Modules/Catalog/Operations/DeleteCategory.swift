import Kernel

/// catalog.categories.delete — DELETE /admin/categories/{cat_id} → 204. 404; 409 while
/// products or subcategories use it (nothing is deleted; the original orphaned children).
struct DeleteCategory: Kernel.Operation {
    static let method = "catalog.categories.delete"
    static let http = HTTPBinding(.delete, "/admin/categories/{cat_id}", status: 204)
    static let access = Access.superuser
    static let summary = "Delete a category that no product or subcategory uses"
    static let errorStatuses = [404, 409]

    struct Input: OperationInput {
        var id: Int
        init(from r: FieldReader) { id = r.field("cat_id") }
    }

    let store: CategoryStore
    let changes: CatalogChanges

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> NoContent {
        try await store.delete(id: input.id)
        await changes.taxonomyChanged()
        return NoContent()
    }
}
