import Kernel

/// catalog.seed_demo — POST /admin/catalog/seed-demo → 200 `{brands, categories, products, images}`
/// (how many were created): the original's demo catalogue plus `products` generated items,
/// idempotently. The same as `ecom seed-demo --products N`.
struct SeedDemo: Kernel.Operation {
    static let method = "catalog.seed_demo"
    static let http = HTTPBinding(.post, "/admin/catalog/seed-demo")
    static let access = Access.superuser
    static let summary = "Create the demo catalogue, plus N generated products (idempotent)"

    struct Input: OperationInput {
        var products: Int
        init(from r: FieldReader) { products = r.field("products", default: 0, .ge(0), .le(100_000)) }
    }

    let seeder: CatalogSeeder

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> CatalogSeedSummary {
        let summary = try await seeder.seed(products: input.products)
        context.logger.info(
            "demo catalogue seeded",
            metadata: ["products_created": "\(summary.products)", "images_created": "\(summary.images)"])
        return summary
    }
}
