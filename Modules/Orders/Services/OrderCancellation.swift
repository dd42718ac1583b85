import Inventory
import Kernel

/// Cancels orders. The stock is returned, and participants (refunds) run, only by the request
/// whose conditional status update won, so each happens exactly once however many race.
struct OrderCancellation: Sendable {
    let database: any Database
    let store: OrderStore
    let stock: any StockService
    let events: EventBus
    let services: ServiceRegistry

    /// Cancels order `id` for `user`: the owner while it is `new`, a superuser also when it is
    /// `confirmed`. Anyone else gets the 404 of a missing order.
    func cancel(_ id: Int64, by user: UserIdentity) async throws -> Order {
        let actor: OrderActor = user.isSuperuser ? .superuser : .owner
        // Participants register at boot after Orders (Payments depends on it), so resolve late.
        let participants = services.all((any OrderCancellationParticipant).self)
        let (order, previous) = try await database.transaction { tx in
            var order = try await store.order(id: id, visibleTo: user, on: tx)
            let previous = order.status
            try previous.checkTransition(to: .canceled, by: actor)
            guard try await store.transition(id, from: previous, to: .canceled, at: Timestamp.now(), on: tx) else {
                let current = try await store.order(id: id, lines: false, on: tx)?.status ?? .canceled
                throw OrderErrors.illegalTransition(from: current, to: .canceled)
            }
            order.status = .canceled
            try await stock.restore(Self.stockLines(order), on: tx)
            for participant in participants {
                try await participant.orderCanceling(order, from: previous, on: tx)
            }
            return (order, previous)
        }
        await stock.didChange(productIDs: order.items.map(\.productID))
        await events.publish(OrderCanceled(orderID: order.id, previousStatus: previous))
        return order
    }

    /// The stock to give back: the lines whose stock checkout took. A line whose product was
    /// untracked then took nothing, even if its product is tracked by now.
    static func stockLines(_ order: Order) -> [StockLine] {
        order.items.filter(\.stockTaken).map { StockLine(productID: $0.productID, quantity: $0.quantity) }
    }
}
