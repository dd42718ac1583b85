import Auth
import Catalog
import Inventory
import Kernel
import Orders
import Payments

/// The same compiled-in modules as the executable.
public enum TestModules {
    public static let registry = ModuleRegistry([
        AuthModule.self, CatalogModule.self, InventoryModule.self, OrdersModule.self, PaymentsModule.self,
    ])
}
