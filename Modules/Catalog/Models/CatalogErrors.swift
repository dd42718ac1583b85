import Kernel

/// The answers Catalog gives besides its results, in one place so that texts stay consistent.
enum CatalogErrors {
    /// Categories, brands and products (admin and public detail), as the original said it.
    static let notFound = AppError.notFound("Not found")
    /// Images and similar products, as the original said it.
    static let productNotFound = AppError.notFound("Product not found", code: "product_not_found")
    static let imageNotFound = AppError.notFound("Image not found", code: "image_not_found")
    static let priceRange = AppError.badRequest(
        "min_price cannot be greater than max_price", code: "invalid_price_range")

    /// 409 for a unique column: `Brand with this slug already exists`.
    static func duplicate(_ resource: String, _ field: String) -> AppError {
        AppError.conflict("\(resource) with this \(field) already exists", code: "duplicate_\(field)")
    }

    /// 409 for a delete that would leave dangling references; nothing was deleted.
    static func inUse(_ reason: String) -> AppError {
        AppError.conflict(reason, code: "in_use")
    }

    /// 422 naming a reference field whose target does not exist.
    static func unknownReference(_ field: String, _ id: Int, _ resource: String) -> AppError {
        AppError.invalid(
            ValidationIssue(
                type: "reference_not_found", loc: ["body", .string(field)], msg: "\(resource) \(id) does not exist",
                input: .int(Int64(id))))
    }

    /// 422 for a parent that would make a category its own ancestor.
    static func categoryCycle(_ parentID: Int) -> AppError {
        AppError.invalid(
            ValidationIssue(
                type: "category_cycle", loc: ["body", "parent_id"], msg: "A category cannot be its own ancestor",
                input: .int(Int64(parentID))))
    }
}
