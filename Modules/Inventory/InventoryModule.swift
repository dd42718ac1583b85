import Kernel

/// Stock per product that cannot be oversold
public enum InventoryModule: Module {
    public static let id = "inventory"
    public static let dependencies: [String] = ["catalog"]
    public static let summary = "Stock per product that cannot be oversold"

    public static func boot(_ context: BootContext, config: NoConfig) async throws -> [AnyOperation] {
        []
    }
}
