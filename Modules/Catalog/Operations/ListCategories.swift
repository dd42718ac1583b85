import Kernel

/// catalog.categories.list — GET /categories → 200 `[{name, slug, parent_id, id}]` by name.
/// Public and cached.
struct ListCategories: Kernel.Operation {
    static let method = "catalog.categories.list"
    static let http = HTTPBinding(.get, "/categories")
    static let access = Access.public
    static let summary = "All categories, sorted by name"
    /// The cached bytes are this type's JSON (documented in OpenAPI and OpenRPC).
    typealias Documented = [Category]

    let store: CategoryStore
    let cache: CatalogCache

    func callAsFunction(_ input: NoInput, _ context: OperationContext) async throws -> RawJSON {
        try await cache.json("categories") { try await store.all() }
    }
}
