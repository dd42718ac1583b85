import Kernel

/// orders.get — GET /orders/{order_id}: one order with its lines, for its owner or a
/// superuser; anyone else gets the same 404 as for a missing order.
struct GetOrder: Operation {
    static let method = "orders.get"
    static let http = HTTPBinding(.get, "/orders/{order_id}")
    static let access = Access.user
    static let summary = "One of my orders with its items (superusers: any order)"
    static let errorStatuses = [404]

    struct Input: OperationInput {
        var orderID: Int64

        init(from r: FieldReader) {
            orderID = r.field("order_id")
        }
    }

    let database: any Database
    let store: OrderStore

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> Order {
        try await store.order(id: input.orderID, visibleTo: try context.requireUser(), on: database.sql)
    }
}
