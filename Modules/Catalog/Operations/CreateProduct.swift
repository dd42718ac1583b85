import Kernel

/// catalog.products.create — POST /admin/products → 201 ProductRead. 409 for a taken sku or
/// slug, 422 for an unknown `brand_id`/`category_id`, a negative price or overlong strings.
struct CreateProduct: Kernel.Operation {
    static let method = "catalog.products.create"
    static let http = HTTPBinding(.post, "/admin/products", status: 201)
    static let access = Access.superuser
    static let summary = "Create a product (sku and slug unique)"
    static let errorStatuses = [409]

    struct Input: OperationInput {
        var draft: ProductDraft

        init(from r: FieldReader) {
            draft = ProductDraft(
                sku: r.field("sku", .minLength(1), .maxLength(CatalogLimits.sku)),
                name: r.field("name", .minLength(1), .maxLength(CatalogLimits.productName)),
                slug: r.field("slug", .minLength(1), .maxLength(CatalogLimits.productSlug)),
                brandID: r.optional("brand_id"),
                categoryID: r.optional("category_id"),
                priceCents: r.field("price_cents", .ge(0), .le(CatalogLimits.int32Max)),
                isActive: r.field("is_active", default: true))
        }
    }

    let store: ProductStore
    let changes: CatalogChanges

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> Product {
        let product = try await store.create(input.draft)
        await changes.productChanged(product.id)
        return product
    }
}
