import Kernel

/// The errors the Inventory module answers with.
enum InventoryErrors {
    /// The original's message for an unknown product on its inventory routes.
    static let productNotFound = AppError.notFound("Product not found")

    /// The original's order error, kept word for word for its clients.
    static func notEnoughStock(_ productID: Int) -> AppError {
        AppError.badRequest("Not enough stock for product \(productID).", code: "insufficient_stock")
    }

    static func wouldGoNegative(_ productID: Int) -> AppError {
        AppError.conflict("Stock of product \(productID) cannot go below zero", code: "insufficient_stock")
    }

    static func wouldOverflow(_ productID: Int) -> AppError {
        AppError.conflict(
            "Stock of product \(productID) cannot exceed \(StockLimits.maximum)", code: "stock_limit_exceeded")
    }

    static func notSet(_ productID: Int) -> AppError {
        AppError.conflict(
            "Inventory of product \(productID) is not set; set a quantity first", code: "inventory_not_set")
    }
}

/// Quantities are stored as 32-bit integers (PostgreSQL `integer`), as in the original.
enum StockLimits {
    static let maximum = Int(Int32.max)
}
