import Kernel

/// catalog.brands.delete — DELETE /admin/brands/{brand_id} → 204; 404; 409 while products use it.
struct DeleteBrand: Kernel.Operation {
    static let method = "catalog.brands.delete"
    static let http = HTTPBinding(.delete, "/admin/brands/{brand_id}", status: 204)
    static let access = Access.superuser
    static let summary = "Delete a brand that no product uses"
    static let errorStatuses = [404, 409]

    struct Input: OperationInput {
        var id: Int
        init(from r: FieldReader) { id = r.field("brand_id") }
    }

    let store: BrandStore
    let changes: CatalogChanges

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> NoContent {
        try await store.delete(id: input.id)
        await changes.taxonomyChanged()
        return NoContent()
    }
}
