import FoundationEssentials
import Kernel

/// Refunds owed on canceled orders. A cancellation records the request on the order's `paid`
/// payment in its own transaction; the provider is asked after the commit, and the payment
/// becomes `refunded` only once the provider made the refund.
extension PaymentStore {
    /// Records that the order's `paid` payment is to be refunded and returns it; nil when the
    /// order has no paid payment (or its refund was requested already).
    func requestRefund(orderID: Int64, at now: Date, on db: any SQLDatabase) async throws -> Payment? {
        let row = try await db.raw(
            """
            UPDATE payments SET refund_requested_at = \(bind: now), updated_at = \(bind: now)
            WHERE order_id = \(bind: orderID) AND status = 'paid' AND refund_requested_at IS NULL
            RETURNING \(unsafeRaw: Self.columns)
            """
        ).first()
        return try row.map(Self.payment)
    }

    /// Records a `pending` payment's charge as made and owed back (`paid`, refund requested):
    /// its order was canceled before the charge could confirm it and the provider could not
    /// refund at once; `OwedRefunds` makes the refund. Nil when it is not pending any more.
    func oweRefund(_ id: Int64, providerPaymentID: String, at now: Date, on db: any SQLDatabase) async throws
        -> Payment?
    {
        let row = try await db.raw(
            """
            UPDATE payments SET status = 'paid', provider_payment_id = \(bind: providerPaymentID),
                refund_requested_at = \(bind: now), updated_at = \(bind: now)
            WHERE id = \(bind: id) AND status = 'pending'
            RETURNING \(unsafeRaw: Self.columns)
            """
        ).first()
        return try row.map(Self.payment)
    }

    /// Marks a payment that owed a refund `refunded`; nil when it is not owed one any more.
    func markRefunded(_ id: Int64, at now: Date, on db: any SQLDatabase) async throws -> Payment? {
        let row = try await db.raw(
            """
            UPDATE payments SET status = 'refunded', updated_at = \(bind: now)
            WHERE id = \(bind: id) AND status = 'paid' AND refund_requested_at IS NOT NULL
            RETURNING \(unsafeRaw: Self.columns)
            """
        ).first()
        return try row.map(Self.payment)
    }
}
