import Kernel
import Orders

/// Records, inside the cancellation's transaction, that a confirmed order's payment is owed a
/// refund. The provider is asked only after the commit (`OwedRefunds`), so a slow or failing
/// provider neither holds the order's row lock nor undoes the cancellation, and a refund is
/// never made for a cancellation that then failed to commit.
struct RefundOnCancel: OrderCancellationParticipant {
    let store: PaymentStore

    func orderCanceling(_ order: Order, from previousStatus: OrderStatus, on transaction: any SQLDatabase)
        async throws
    {
        guard previousStatus == .confirmed else { return }
        _ = try await store.requestRefund(orderID: order.id, at: Timestamp.now(), on: transaction)
    }
}
