import Kernel

/// The errors orders answer with; texts match the original service where it had them.
public enum OrderErrors {
    /// 404 for a missing order and for another user's order alike (no existence oracle).
    public static let notFound = AppError.notFound("Order not found.", code: "order_not_found")
    /// 400 for an order without lines.
    public static let empty = AppError.badRequest("Order must contain at least one item.", code: "order_empty")

    /// 400 for a product that does not exist or is not for sale.
    public static func productUnavailable(_ productID: Int) -> AppError {
        AppError.badRequest("Product \(productID) not found or inactive.", code: "product_unavailable")
    }

    /// 409 for a status change the state machine does not allow.
    public static func illegalTransition(from: OrderStatus, to: OrderStatus) -> AppError {
        AppError.conflict(
            "Order status cannot change from \(from.rawValue) to \(to.rawValue).", code: "order_status_conflict")
    }

    /// 422 for a line whose amount does not fit the 32-bit cents the API promises.
    static func lineTooLarge(index: Int, quantity: Int) -> AppError {
        AppError.invalid(
            ValidationIssue(
                type: "value_error", loc: ["body", "items", .int(Int64(index)), "quantity"],
                msg: "Value error, the line amount exceeds \(OrderLimits.maximumCents) cents",
                input: .int(Int64(quantity))))
    }

    /// 422 for an order whose total does not fit the 32-bit cents the API promises.
    static func totalTooLarge(_ items: JSONValue) -> AppError {
        AppError.invalid(
            ValidationIssue(
                type: "value_error", loc: ["body", "items"],
                msg: "Value error, the order total exceeds \(OrderLimits.maximumCents) cents", input: items))
    }
}

/// Bounds the API keeps: amounts and quantities are 32-bit, as in the original's schema.
public enum OrderLimits {
    /// The largest quantity, line amount or order total, in cents (2^31 - 1).
    public static let maximumCents = Int(Int32.max)
    /// The most lines one order may have (the original had no bound; this keeps one checkout
    /// a bounded transaction).
    public static let maximumLines = 500
}
