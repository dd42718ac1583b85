import Kernel

/// catalog.products.admin_list — GET /admin/products → 200 `{total, limit, offset, items}`:
/// every product, inactive ones included, with the public listing's filters plus `is_active`.
/// Never cached: admins see their writes at once.
struct AdminListProducts: Kernel.Operation {
    static let method = "catalog.products.admin_list"
    static let http = HTTPBinding(.get, "/admin/products")
    static let access = Access.superuser
    static let summary = "List all products, inactive included, with the listing's filters and is_active"
    static let errorStatuses = [400]

    struct Input: OperationInput {
        var query: ProductQuery
        init(from r: FieldReader) { query = ProductQuery(from: r, admin: true) }
    }

    let listing: ProductListing

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> ProductPage {
        try input.query.validate()
        return try await listing.page(input.query)
    }
}
