import FoundationEssentials
import Kernel

/// A product as the API shows it everywhere (`ProductRead`), in the original's field order:
/// `{"sku", "name", "slug", "brand_id", "category_id", "price_cents", "is_active", "id", "created_at"}`.
struct Product: Sendable, Equatable, Encodable, OperationOutput {
    var sku: String
    var name: String
    var slug: String
    var brandID: Int?
    var categoryID: Int?
    var priceCents: Int
    var isActive: Bool
    var id: Int
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case sku, name, slug
        case brandID = "brand_id"
        case categoryID = "category_id"
        case priceCents = "price_cents"
        case isActive = "is_active"
        case id
        case createdAt = "created_at"
    }
}

/// One page of a product listing: `{"total", "limit", "offset", "items"}`; `total` counts every
/// match and is read in the same statement as `items`.
struct ProductPage: Sendable, Equatable, Encodable, OperationOutput {
    var total: Int
    var limit: Int
    var offset: Int
    var items: [Product]
}

extension Product: SchemaExample {
    static var schemaExample: Product {
        Product(
            sku: "SHOE-1", name: "Runner", slug: "runner", brandID: 1, categoryID: 2, priceCents: 2599,
            isActive: true, id: 1, createdAt: Date(timeIntervalSince1970: 1_764_072_000))
    }
}

extension ProductPage: SchemaExample {
    static var schemaExample: ProductPage { ProductPage(total: 1, limit: 20, offset: 0, items: [.schemaExample]) }
}
