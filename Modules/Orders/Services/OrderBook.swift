import Kernel

/// What other modules (Payments) may do with orders, registered at boot as a service. Status
/// changes go through the state machine and conditional updates, like Orders' own.
///
/// ```swift
/// let orders = try context.services.require(OrderBook.self)
/// try await database.transaction { tx in
///     guard try await orders.confirm(orderID, on: tx) else { ... }   // no longer `new`
/// }
/// await orders.didConfirm(orderID)
/// ```
public struct OrderBook: Sendable {
    let store: OrderStore
    let events: EventBus

    /// The order with `id` and its lines, read on `database` (possibly a transaction); without
    /// its lines (`items` empty) when `lines` is false.
    public func order(id: Int64, lines: Bool = true, on database: any SQLDatabase) async throws -> Order? {
        try await store.order(id: id, lines: lines, on: database)
    }

    /// The order with `id` if `user` owns it or is a superuser; otherwise 404 `Order not found.`
    /// Without its lines when `lines` is false.
    public func order(id: Int64, visibleTo user: UserIdentity, lines: Bool = true, on database: any SQLDatabase)
        async throws -> Order
    {
        try await store.order(id: id, visibleTo: user, lines: lines, on: database)
    }

    /// A condition for a statement of another module that may write only while order `id` is
    /// `new` (Payments starts a charge with it). On PostgreSQL it holds the order's row until
    /// that statement's transaction ends, so a status change racing it either commits first
    /// (the condition is false) or waits; SQLite runs one writer at a time anyway.
    public func isNew(_ id: Int64, on kind: DatabaseKind) -> SQLQueryString {
        store.condition(id, is: .new, lock: kind.rowLock(.share))
    }

    /// For a statement of another module on PostgreSQL that writes only while order `id` can be
    /// paid by `userID`: a `WITH` item `payable_order (id, total_cents)`, empty unless `userID`
    /// owns the order, it is `new` and its total is above zero; the row is held as by `isNew`.
    public func payableClause(_ id: Int64, by userID: Int64) -> SQLQueryString {
        store.payableClause(id, ownedBy: userID)
    }

    /// Moves a `new` order to `confirmed` after a successful payment, in the payment's
    /// transaction; false when the order is not `new` any more (canceled or paid meanwhile).
    public func confirm(_ id: Int64, on transaction: any SQLDatabase) async throws -> Bool {
        try await store.transition(id, from: .new, to: .confirmed, at: Timestamp.now(), on: transaction)
    }

    /// For a statement of another module on PostgreSQL: a `WITH` item `confirmed_order (id)`
    /// that moves order `id` from `new` to `confirmed` (as `confirm`) only if `condition`
    /// holds; empty when the order is not `new` or the condition fails.
    public func confirmClause(_ id: Int64, when condition: SQLQueryString) -> SQLQueryString {
        store.confirmClause(id, at: Timestamp.now(), when: condition)
    }

    /// Announces a confirmation after its transaction committed.
    public func didConfirm(_ id: Int64) async {
        await events.publish(OrderConfirmed(orderID: id))
    }
}
