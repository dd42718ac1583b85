import Kernel

/// Categories, brands, products and images; public listing and detail
public enum CatalogModule: Module {
    public static let id = "catalog"
    public static let dependencies: [String] = []
    public static let summary = "Categories, brands, products and images; public listing and detail"

    public static func boot(_ context: BootContext, config: NoConfig) async throws -> [AnyOperation] {
        []
    }
}
