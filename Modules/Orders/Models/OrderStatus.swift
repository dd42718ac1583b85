import Kernel

/// The life cycle of an order: `new → confirmed` (only by a successful payment),
/// `new → canceled`, and `confirmed → canceled` (a superuser, refunding the payment).
public enum OrderStatus: String, CaseIterable, Sendable, Codable, FieldEnum {
    case new
    case confirmed
    case canceled
}

/// Who asks for a status change; the state machine allows different transitions to each.
public enum OrderActor: Sendable, Equatable {
    /// The customer who placed the order.
    case owner
    /// An operator with the superuser flag.
    case superuser
    /// A successful payment (the Payments module).
    case payment
}

extension OrderStatus {
    /// Whether `actor` may move an order from this status to `target`.
    public func allows(_ target: OrderStatus, by actor: OrderActor) -> Bool {
        switch (self, target) {
        case (.new, .confirmed): actor == .payment
        case (.new, .canceled): actor == .owner || actor == .superuser
        case (.confirmed, .canceled): actor == .superuser
        default: false
        }
    }

    /// Throws the 409 naming both states unless `actor` may move from this status to `target`.
    public func checkTransition(to target: OrderStatus, by actor: OrderActor) throws {
        guard allows(target, by: actor) else { throw OrderErrors.illegalTransition(from: self, to: target) }
    }
}
