import FoundationEssentials
import Kernel

/// Decoding of `orders` and `order_items` rows.
enum OrderRows {
    static func order(_ row: any SQLRow) throws -> Order {
        let text = try row.decode(column: "status", as: String.self)
        guard let status = OrderStatus(rawValue: text) else { throw AppError.internalError }
        return Order(
            id: try row.decode(column: "id", as: Int64.self),
            userID: try row.decode(column: "user_id", as: Int64.self),
            status: status,
            totalCents: try row.decode(column: "total_cents", as: Int.self),
            createdAt: try row.decode(column: "created_at", as: Date.self))
    }

    /// A line; `id` names the column holding its id (a join renames it).
    static func item(_ row: any SQLRow, id: String = "id") throws -> OrderItem {
        OrderItem(
            id: try row.decode(column: id, as: Int64.self),
            productID: try row.decode(column: "product_id", as: Int.self),
            quantity: try row.decode(column: "quantity", as: Int.self),
            priceCents: try row.decode(column: "price_cents", as: Int.self),
            stockTaken: try row.decode(column: "stock_taken", as: Bool.self))
    }
}
