import Kernel

/// catalog.categories.update — PATCH /admin/categories/{cat_id} → 200 `{name, slug, parent_id, id}`.
/// Applies only the fields present; `parent_id: null` detaches. 404, 409 (taken slug), 422
/// (unknown parent, or a parent that would make the category its own ancestor).
struct UpdateCategory: Kernel.Operation {
    static let method = "catalog.categories.update"
    static let http = HTTPBinding(.patch, "/admin/categories/{cat_id}")
    static let access = Access.superuser
    static let summary = "Update a category's name, slug or parent"
    static let errorStatuses = [404, 409]

    struct Input: OperationInput {
        var id: Int
        var name: Patch<String>
        var slug: Patch<String>
        var parentID: Patch<Int>

        init(from r: FieldReader) {
            id = r.field("cat_id")
            name = r.patch("name", .minLength(1), .maxLength(CatalogLimits.categoryName))
            slug = r.patch("slug", .minLength(1), .maxLength(CatalogLimits.categorySlug))
            parentID = r.patch("parent_id", nullable: true)
        }
    }

    let store: CategoryStore
    let changes: CatalogChanges

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> Category {
        let category = try await store.update(
            id: input.id, name: input.name.value, slug: input.slug.value, parent: input.parentID)
        await changes.taxonomyChanged()
        return category
    }
}
