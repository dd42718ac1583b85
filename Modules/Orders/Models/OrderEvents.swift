import Kernel

/// Published after an order and its stock movement committed.
public struct OrderCreated: DomainEvent {
    public static let name = "order.created"
    /// The order as placed, with its lines.
    public var order: Order
}

/// Published after a successful payment confirmed an order.
public struct OrderConfirmed: DomainEvent {
    public static let name = "order.confirmed"
    /// The order.
    public var orderID: Int64
}

/// Published after an order was canceled, its stock returned and any payment refunded.
public struct OrderCanceled: DomainEvent {
    public static let name = "order.canceled"
    /// The order.
    public var orderID: Int64
    /// The status it was canceled from.
    public var previousStatus: OrderStatus
}
