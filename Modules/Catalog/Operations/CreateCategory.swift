import Kernel

/// catalog.categories.create — POST /admin/categories → 201 `{name, slug, parent_id, id}`.
/// 409 for a taken slug, 422 for an unknown `parent_id`.
struct CreateCategory: Kernel.Operation {
    static let method = "catalog.categories.create"
    static let http = HTTPBinding(.post, "/admin/categories", status: 201)
    static let access = Access.superuser
    static let summary = "Create a category (slug unique; optional parent)"
    static let errorStatuses = [409]

    struct Input: OperationInput {
        var name: String
        var slug: String
        var parentID: Int?

        init(from r: FieldReader) {
            name = r.field("name", .minLength(1), .maxLength(CatalogLimits.categoryName))
            slug = r.field("slug", .minLength(1), .maxLength(CatalogLimits.categorySlug))
            parentID = r.optional("parent_id")
        }
    }

    let store: CategoryStore
    let changes: CatalogChanges

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> Category {
        let category = try await store.create(name: input.name, slug: input.slug, parentID: input.parentID)
        await changes.taxonomyChanged()
        return category
    }
}
