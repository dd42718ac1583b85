import FoundationEssentials
import Kernel

/// The life of a payment: `pending` while the provider is asked, then `paid` or `failed`;
/// a paid payment becomes `refunded` once the provider has refunded it after its order was
/// canceled (until then it stays `paid`: the money is still taken).
public enum PaymentStatus: String, CaseIterable, Sendable, Codable {
    case pending
    case paid
    case failed
    case refunded
}

/// A payment against an order (`PaymentRead`): `{"id", "order_id", "amount_cents", "provider",
/// "provider_payment_id", "status", "created_at"}`; `provider_payment_id` is null while pending.
public struct Payment: Sendable, Equatable, Encodable, OperationOutput {
    /// The payment number.
    public var id: Int64
    /// The order paid.
    public var orderID: Int64
    /// The order total when the charge started.
    public var amountCents: Int
    /// The provider charged (`test`).
    public var provider: String
    /// The provider's reference; nil while pending.
    public var providerPaymentID: String?
    /// Where it is in its life cycle.
    public var status: PaymentStatus
    /// When the charge started.
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id
        case orderID = "order_id"
        case amountCents = "amount_cents"
        case provider
        case providerPaymentID = "provider_payment_id"
        case status
        case createdAt = "created_at"
    }
}

/// Published after a payment confirmed its order.
public struct PaymentSucceeded: DomainEvent {
    public static let name = "payment.succeeded"
    /// The payment as settled.
    public var payment: Payment
}

/// Published after the provider declined a charge (the order stays `new` and payable).
public struct PaymentFailed: DomainEvent {
    public static let name = "payment.failed"
    /// The payment as settled.
    public var payment: Payment
}

extension Payment: SchemaExample {
    /// A paid payment, for the API documents.
    public static var schemaExample: Payment {
        Payment(
            id: 1, orderID: 1, amountCents: 2599, provider: "test", providerPaymentID: "test_1", status: .paid,
            createdAt: Date(timeIntervalSince1970: 1_764_072_000))
    }
}
