import Catalog
import Inventory
import Kernel

/// Orders and order items: checkout that never oversells (stock through Inventory's
/// `StockService`, prices through Catalog's `ProductPricing`, all or nothing), my orders,
/// cancel with the stock returned once, and the admin views. Registers `OrderBook` and
/// `IdempotencyKeys` for Payments, and publishes `order.created`, `order.confirmed`,
/// `order.canceled`.
public enum OrdersModule: Module {
    public static let id = "orders"
    public static let dependencies: [String] = ["auth", "catalog", "inventory"]
    public static let summary = "Checkout, my orders, cancel; admin order views and status changes"
    public static let migrations = OrdersMigrations.all

    public static func boot(_ context: BootContext, config: NoConfig) async throws -> [AnyOperation] {
        let database = context.database
        let store = OrderStore()
        let stock = try context.services.require((any StockService).self)
        let checkout = Checkout(
            database: database, store: store, pricing: try context.services.require((any ProductPricing).self),
            stock: stock, events: context.events)
        let cancellation = OrderCancellation(
            database: database, store: store, stock: stock, events: context.events, services: context.services)
        let idempotency = IdempotencyKeys(database: database)

        context.services.register(OrderBook(store: store, events: context.events), as: OrderBook.self)
        context.services.register(idempotency, as: IdempotencyKeys.self)
        return [
            AnyOperation(CreateOrder(checkout: checkout, idempotency: idempotency)),
            AnyOperation(ListMyOrders(database: database, store: store)),
            AnyOperation(GetOrder(database: database, store: store)),
            AnyOperation(CancelOrder(cancellation: cancellation)),
            AnyOperation(AdminListOrders(database: database, store: store)),
            AnyOperation(AdminUpdateOrder(database: database, store: store, cancellation: cancellation)),
        ]
    }
}
