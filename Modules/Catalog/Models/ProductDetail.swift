import Kernel

/// The public detail of a product (`ProductDetail`): the ProductRead fields, then `images`
/// (by position, then id), then the fields other modules contribute through
/// `ProductDetailExtension`, in the order those modules booted.
enum ProductDetail {
    static func json(
        _ product: Product, images: [ProductImage], extensions: [any ProductDetailExtension]
    ) async throws -> JSONValue {
        guard case .object(var object) = try JSONValueEncoder().encode(product) else {
            throw AppError.internalError
        }
        object["images"] = try JSONValueEncoder().encode(images)
        for contributor in extensions {
            for (name, value) in try await contributor.detailFields(forProduct: product.id) {
                object[name] = value
            }
        }
        return .object(object)
    }
}

/// The documented shape of a product's detail: the product's fields, then its images. Modules
/// extending the detail (`ProductDetailExtension`) document their members with a
/// `SchemaExtension` of this type.
public struct ProductDetailExample: Encodable, SchemaExample {
    var product: Product
    var images: [ProductImage]

    public static var schemaExample: ProductDetailExample {
        ProductDetailExample(product: .schemaExample, images: [.schemaExample])
    }

    enum CodingKeys: String, CodingKey { case images }

    public func encode(to encoder: any Encoder) throws {
        try product.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(images, forKey: .images)
    }
}
