/// A payment service provider behind which charges and refunds happen. The built-in `test`
/// provider stands in for a real one; another implementation plugs in by conforming.
///
/// ```swift
/// struct AcmePay: PaymentProvider {
///     let name = "acme"
///     func charge(_ charge: Charge) async throws -> ChargeOutcome { ... }
///     func refund(providerPaymentID: String, amountCents: Int) async throws { ... }
///     func charged(paymentID: Int64) async throws -> String? { ... }
/// }
/// ```
public protocol PaymentProvider: Sendable {
    /// The name stored with each payment (`test`).
    var name: String { get }
    /// Charges `charge.amountCents`; a decline is an outcome, not an error. Throwing means
    /// the provider could not be reached and nothing was charged.
    func charge(_ charge: Charge) async throws -> ChargeOutcome
    /// Returns a successful charge in full. Must be idempotent per charge (a real provider: an
    /// idempotency key derived from `providerPaymentID`): a refund made but not recorded, because
    /// the database failed after it, is asked again and must not return the money twice.
    /// Throwing means the refund was not made; it is retried later.
    func refund(providerPaymentID: String, amountCents: Int) async throws
    /// The reference of the successful charge made for our payment `paymentID`, nil when none
    /// went through (declined, or never received). Asked about a payment whose request died
    /// between the charge and recording its outcome, so that a retry neither charges twice nor
    /// forgets money taken. Throwing means the provider could not be reached.
    func charged(paymentID: Int64) async throws -> String?
}

/// What to charge.
public struct Charge: Sendable, Equatable {
    /// Our payment's id, the reference a real provider would keep.
    public var paymentID: Int64
    /// The order paid.
    public var orderID: Int64
    /// How much, in cents (always positive).
    public var amountCents: Int
}

/// The answer to a charge.
public enum ChargeOutcome: Sendable, Equatable {
    /// Charged; the provider's reference for it.
    case paid(providerPaymentID: String)
    /// Declined, with the provider's reference when it gave one.
    case declined(providerPaymentID: String?, reason: String)
}
