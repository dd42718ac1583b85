import Kernel
import Orders

/// Refunds a confirmed order's payment when it is canceled, inside the cancellation's
/// transaction: if the provider refuses, the order stays confirmed (502) rather than canceled
/// with the customer's money kept. A new order's abandoned `pending` payment (its request died
/// after the charge) is settled too: the provider is asked, and a charge it made is refunded —
/// nobody would pay the order again and find it. A charge still in flight refunds itself when
/// it finds the order canceled.
struct RefundOnCancel: OrderCancellationParticipant {
    let store: PaymentStore
    let providers: [String: any PaymentProvider]

    func orderCanceling(_ order: Order, from previousStatus: OrderStatus, on transaction: any SQLDatabase)
        async throws
    {
        let now = Timestamp.now()
        switch previousStatus {
        case .confirmed:
            guard let payment = try await store.refundPaid(orderID: order.id, at: now, on: transaction) else { return }
            try await refund(payment, reference: payment.providerPaymentID)
        case .new:
            let cutoff = now.addingTimeInterval(-PaymentProcessor.pendingTimeout)
            guard
                let abandoned = try await store.takeOverAbandoned(
                    orderID: order.id, before: cutoff, at: now, on: transaction)
            else { return }
            let reference: String?
            do {
                reference = try await providers[abandoned.provider]?.charged(paymentID: abandoned.id)
            } catch {
                throw PaymentErrors.refundFailed
            }
            guard let reference else {
                _ = try await store.settle(abandoned.id, as: .failed, providerPaymentID: nil, at: now, on: transaction)
                PaymentMetrics.settled(.failed)
                return
            }
            try await refund(abandoned, reference: reference)
            _ = try await store.settle(
                abandoned.id, as: .refunded, providerPaymentID: reference, at: now, on: transaction)
        case .canceled:
            return
        }
    }

    private func refund(_ payment: Payment, reference: String?) async throws {
        guard let provider = providers[payment.provider], let reference else { throw PaymentErrors.refundFailed }
        do {
            try await provider.refund(providerPaymentID: reference, amountCents: payment.amountCents)
            PaymentMetrics.settled(.refunded)
        } catch {
            throw PaymentErrors.refundFailed
        }
    }
}
