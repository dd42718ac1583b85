import Kernel

/// Orders and order items: checkout, my orders, cancel
public enum OrdersModule: Module {
    public static let id = "orders"
    public static let dependencies: [String] = ["auth", "catalog", "inventory"]
    public static let summary = "Orders and order items: checkout, my orders, cancel"

    public static func boot(_ context: BootContext, config: NoConfig) async throws -> [AnyOperation] {
        []
    }
}
