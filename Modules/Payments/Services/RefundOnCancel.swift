import Kernel
import Orders

/// Refunds a confirmed order's payment when it is canceled, inside the cancellation's
/// transaction: if the provider refuses, the order stays confirmed (502) rather than canceled
/// with the customer's money kept.
struct RefundOnCancel: OrderCancellationParticipant {
    let store: PaymentStore
    let providers: [String: any PaymentProvider]

    func orderCanceling(_ order: Order, from previousStatus: OrderStatus, on transaction: any SQLDatabase)
        async throws
    {
        guard previousStatus == .confirmed,
            let payment = try await store.refundPaid(orderID: order.id, at: Timestamp.now(), on: transaction)
        else { return }
        guard let provider = providers[payment.provider], let reference = payment.providerPaymentID else {
            throw PaymentErrors.refundFailed
        }
        do {
            try await provider.refund(providerPaymentID: reference, amountCents: payment.amountCents)
            PaymentMetrics.settled(.refunded)
        } catch {
            throw PaymentErrors.refundFailed
        }
    }
}
