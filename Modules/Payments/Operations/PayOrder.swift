import Kernel
import Orders

/// payments.pay — POST /orders/{order_id}/pay → 201: pays the caller's `new` order through
/// the configured provider and confirms it. A declined charge is a 402 and leaves the order
/// payable. Accepts an `Idempotency-Key` header (JSON-RPC: `idempotency_key`).
struct PayOrder: Operation {
    static let method = "payments.pay"
    static let http = HTTPBinding(.post, "/orders/{order_id}/pay", status: 201)
    static let access = Access.user
    static let summary = "Pay my order (at most one successful payment per order; idempotent with a key)"
    /// 400 for an order that cannot be paid, 402 for a declined charge, 409 for a payment or key in
    /// flight, 422 (a message) for a reused Idempotency-Key, 502 when the provider is unreachable.
    static let errorStatuses = [400, 402, 404, 409, 422, 502]
    /// The recorded (or replayed) bytes are this type's JSON (documented in OpenAPI and OpenRPC).
    typealias Documented = Payment

    struct Input: OperationInput {
        var orderID: Int64
        var idempotencyKey: String?

        init(from r: FieldReader) {
            orderID = r.field("order_id")
            idempotencyKey = IdempotencyKeys.key(from: r)
        }
    }

    let processor: PaymentProcessor
    let idempotency: IdempotencyKeys

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> RecordedResponse {
        let user = try context.requireUser()
        let request = IdempotentRequest(
            key: input.idempotencyKey, userID: user.id, method: Self.method, params: ["order_id": .int(input.orderID)])
        return try await idempotency.perform(request, status: Self.http.status) { claim in
            try await processor.pay(input.orderID, by: user, claim: claim, logger: context.logger)
        }
    }
}
