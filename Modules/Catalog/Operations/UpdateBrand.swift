import Kernel

/// catalog.brands.update — PATCH /admin/brands/{brand_id} → 200 `{name, slug, id}`. Applies only
/// the fields present; 404, 409 (taken name or slug), 422 (`null` or overlong values).
struct UpdateBrand: Kernel.Operation {
    static let method = "catalog.brands.update"
    static let http = HTTPBinding(.patch, "/admin/brands/{brand_id}")
    static let access = Access.superuser
    static let summary = "Update a brand's name or slug"
    static let errorStatuses = [404, 409]

    struct Input: OperationInput {
        var id: Int
        var name: Patch<String>
        var slug: Patch<String>

        init(from r: FieldReader) {
            id = r.field("brand_id")
            name = r.patch("name", .minLength(1), .maxLength(CatalogLimits.brandName))
            slug = r.patch("slug", .minLength(1), .maxLength(CatalogLimits.brandSlug))
        }
    }

    let store: BrandStore
    let changes: CatalogChanges

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> Brand {
        let brand = try await store.update(id: input.id, name: input.name.value, slug: input.slug.value)
        await changes.taxonomyChanged()
        return brand
    }
}
