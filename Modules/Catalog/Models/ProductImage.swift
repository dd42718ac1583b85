import Kernel

/// An image of a product: `{"url", "is_primary", "position", "id"}`. A product's images are
/// always listed by `position`, then `id`; at most one is primary.
struct ProductImage: Sendable, Equatable, Encodable, OperationOutput {
    var url: String
    var isPrimary: Bool
    var position: Int
    var id: Int

    enum CodingKeys: String, CodingKey {
        case url
        case isPrimary = "is_primary"
        case position, id
    }
}

extension ProductImage: SchemaExample {
    static var schemaExample: ProductImage {
        ProductImage(url: "https://example.com/shoe.jpg", isPrimary: true, position: 0, id: 1)
    }
}
