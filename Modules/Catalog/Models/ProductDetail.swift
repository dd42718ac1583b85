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
