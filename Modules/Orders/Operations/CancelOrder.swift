import Kernel

/// orders.cancel — POST /orders/{order_id}/cancel: the owner cancels a `new` order; a
/// superuser may also cancel a `confirmed` one (its payment is refunded once the cancellation
/// committed; a refund the provider cannot make then is retried in the background). The stock
/// comes back exactly once; cancelling again is a 409.
struct CancelOrder: Operation {
    static let method = "orders.cancel"
    static let http = HTTPBinding(.post, "/orders/{order_id}/cancel")
    static let access = Access.user
    static let summary = "Cancel an order and return its stock (superusers: also confirmed orders, refunded)"
    static let errorStatuses = [404, 409]

    struct Input: OperationInput {
        var orderID: Int64

        init(from r: FieldReader) {
            orderID = r.field("order_id")
        }
    }

    let cancellation: OrderCancellation

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> Order {
        try await cancellation.cancel(input.orderID, by: try context.requireUser())
    }
}
