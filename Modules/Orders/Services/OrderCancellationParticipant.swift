import Kernel

/// An extension point for modules that must act when an order is canceled, inside the
/// cancellation's transaction (Payments records there the refund a paid order is owed; it asks
/// the provider only after the commit, on `order.canceled`). Throwing aborts the cancellation:
/// the order keeps its status and its stock. Nothing slow belongs here: the order's row is
/// locked until the commit.
///
/// ```swift
/// context.services.register(RefundOnCancel(...), as: (any OrderCancellationParticipant).self)
/// ```
public protocol OrderCancellationParticipant: Sendable {
    /// Called once per cancellation, after the status changed from `previousStatus` and the
    /// stock was returned, before commit.
    func orderCanceling(_ order: Order, from previousStatus: OrderStatus, on transaction: any SQLDatabase)
        async throws
}
