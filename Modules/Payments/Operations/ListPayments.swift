import Kernel
import Orders

/// payments.list — GET /orders/{order_id}/payments: the order's payments, oldest first, as a
/// bare array; for the order's owner or a superuser (anyone else: 404).
struct ListPayments: Operation {
    static let method = "payments.list"
    static let http = HTTPBinding(.get, "/orders/{order_id}/payments")
    static let access = Access.user
    static let summary = "The payments of my order (superusers: any order)"
    static let errorStatuses = [404]

    struct Input: OperationInput {
        var orderID: Int64

        init(from r: FieldReader) {
            orderID = r.field("order_id")
        }
    }

    let database: any Database
    let store: PaymentStore
    let orders: OrderBook

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> [Payment] {
        let user = try context.requireUser()
        let order = try await orders.order(id: input.orderID, visibleTo: user, lines: false, on: database.sql)
        return try await store.payments(orderID: order.id, on: database.sql)
    }
}
