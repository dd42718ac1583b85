import Auth
import Catalog
import Inventory
import Kernel
import Orders
import Payments

/// Every module compiled into this executable; the config decides which are enabled.
let compiledModules = ModuleRegistry([
    AuthModule.self, CatalogModule.self, InventoryModule.self, OrdersModule.self, PaymentsModule.self,
])
