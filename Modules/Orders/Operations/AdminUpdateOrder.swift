import Kernel

/// orders.admin_update — PATCH /admin/orders/{order_id} with `{"status"}` alone (the original
/// also demanded an ignored `items`). Only the state machine's transitions are allowed: to
/// `canceled` (stock returned, payment refunded); `confirmed` comes only from a payment and
/// nothing goes back to `new` (409). Setting the current status again changes nothing.
struct AdminUpdateOrder: Operation {
    static let method = "orders.admin_update"
    static let http = HTTPBinding(.patch, "/admin/orders/{order_id}")
    static let access = Access.superuser
    static let summary = "Change an order's status (only to canceled; confirmed comes from a payment)"
    /// 502 when the payment provider refuses the refund of a confirmed order.
    static let errorStatuses = [404, 409, 502]

    struct Input: OperationInput {
        var orderID: Int64
        var status: OrderStatus

        init(from r: FieldReader) {
            orderID = r.field("order_id")
            status = r.field("status")
        }
    }

    let database: any Database
    let store: OrderStore
    let cancellation: OrderCancellation

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> AdminOrder {
        let user = try context.requireUser()
        guard let order = try await store.order(id: input.orderID, on: database.sql) else {
            throw OrderErrors.notFound
        }
        if order.status == input.status { return AdminOrder(order) }
        try order.status.checkTransition(to: input.status, by: .superuser)
        return AdminOrder(try await cancellation.cancel(input.orderID, by: user))
    }
}
