import Kernel

/// orders.create — POST /orders → 201: places an order for the caller, all or nothing.
/// Accepts an `Idempotency-Key` header (JSON-RPC: `idempotency_key`).
struct CreateOrder: Operation {
    static let method = "orders.create"
    static let http = HTTPBinding(.post, "/orders", status: 201)
    static let access = Access.user
    static let summary = "Place an order (stock taken and prices snapshotted atomically; idempotent with a key)"
    /// 400 for an empty order, an unavailable product or too little stock; 409 while the same
    /// Idempotency-Key is in flight; 422 (a message) for a key reused with another body.
    static let errorStatuses = [400, 409, 422]
    /// The recorded (or replayed) bytes are this type's JSON (documented in OpenAPI and OpenRPC).
    typealias Documented = Order

    struct Input: OperationInput {
        var items: [Checkout.Line]
        var idempotencyKey: String?

        init(from r: FieldReader) {
            items = r.list("items", maxItems: OrderLimits.maximumLines) { item in
                Checkout.Line(
                    productID: item.field("product_id"),
                    quantity: item.field("quantity", .gt(0), .le(OrderLimits.maximumCents)))
            }
            idempotencyKey = IdempotencyKeys.key(from: r)
        }
    }

    let checkout: Checkout
    let idempotency: IdempotencyKeys

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> RecordedResponse {
        let user = try context.requireUser()
        let request = IdempotentRequest(
            key: input.idempotencyKey, userID: user.id, method: Self.method, params: Checkout.json(input.items))
        return try await idempotency.perform(request, status: Self.http.status) { claim in
            try await checkout.place(input.items, userID: user.id, claim: claim)
        }
    }
}
