import Kernel

/// inventory.get — GET /admin/products/{prod_id}/inventory → 200. A product without an
/// inventory row is untracked: `{"qty": null, "track_inventory": false}`.
struct GetInventory: Operation {
    static let method = "inventory.get"
    static let http = HTTPBinding(.get, "/admin/products/{prod_id}/inventory")
    static let access = Access.superuser
    static let summary = "Read a product's stock"
    static let errorStatuses = [404]

    struct Input: OperationInput {
        var productID: Int

        init(from r: FieldReader) {
            productID = r.field("prod_id")
        }
    }

    let store: InventoryStore

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> InventoryLevel {
        try await store.level(of: input.productID)
    }
}
