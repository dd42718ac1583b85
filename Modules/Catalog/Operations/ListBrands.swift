import Kernel

/// catalog.brands.list — GET /brands → 200 `[{name, slug, id}]` by name. Public and cached.
struct ListBrands: Kernel.Operation {
    static let method = "catalog.brands.list"
    static let http = HTTPBinding(.get, "/brands")
    static let access = Access.public
    static let summary = "All brands, sorted by name"
    /// The cached bytes are this type's JSON (documented in OpenAPI and OpenRPC).
    typealias Documented = [Brand]

    let store: BrandStore
    let cache: CatalogCache

    func callAsFunction(_ input: NoInput, _ context: OperationContext) async throws -> RawJSON {
        try await cache.json("brands") { try await store.all() }
    }
}
