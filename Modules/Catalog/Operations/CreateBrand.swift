import Kernel

/// catalog.brands.create — POST /admin/brands → 201 `{name, slug, id}`; 409 for a taken name or slug.
struct CreateBrand: Kernel.Operation {
    static let method = "catalog.brands.create"
    static let http = HTTPBinding(.post, "/admin/brands", status: 201)
    static let access = Access.superuser
    static let summary = "Create a brand (name and slug unique)"
    static let errorStatuses = [409]

    struct Input: OperationInput {
        var name: String
        var slug: String

        init(from r: FieldReader) {
            name = r.field("name", .minLength(1), .maxLength(CatalogLimits.brandName))
            slug = r.field("slug", .minLength(1), .maxLength(CatalogLimits.brandSlug))
        }
    }

    let store: BrandStore
    let changes: CatalogChanges

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> Brand {
        let brand = try await store.create(name: input.name, slug: input.slug)
        await changes.taxonomyChanged()
        return brand
    }
}
