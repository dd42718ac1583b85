import Kernel

/// An extension point for modules that must act when an order is canceled, inside the
/// cancellation's transaction (Payments refunds a paid order this way). Throwing aborts the
/// cancellation: the order keeps its status and its stock.
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
