import Catalog
import Kernel

/// Stock per product that cannot be oversold. Registers the `StockService` that Orders takes
/// stock through and a `ProductDetailExtension` that adds `inventory_qty` and `in_stock` to the
/// product detail; every committed change publishes `ProductChanged`.
public enum InventoryModule: Module {
    public static let id = "inventory"
    public static let dependencies: [String] = ["catalog"]
    public static let summary = "Stock per product that cannot be oversold"
    public static let migrations = InventoryMigrations.all

    public static func boot(_ context: BootContext, config: NoConfig) async throws -> [AnyOperation] {
        let store = InventoryStore(database: context.database)
        let stock = StockKeeper(store: store, events: context.events)
        context.services.register(stock, as: (any StockService).self)
        context.services.register(StockDetailFields(store: store), as: (any ProductDetailExtension).self)
        context.services.register(StockDetailFields.schema, as: SchemaExtension.self)
        return [
            AnyOperation(SetInventory(store: store, stock: stock)),
            AnyOperation(GetInventory(store: store)),
            AnyOperation(AdjustInventory(store: store, stock: stock)),
        ]
    }
}
