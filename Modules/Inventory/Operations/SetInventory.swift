import Kernel

/// inventory.set — PATCH /admin/products/{prod_id}/inventory?qty=&track_inventory= → 200.
/// Creates or overwrites a product's stock. Both fields are query parameters as in the
/// original; the same fields in a JSON body work too.
struct SetInventory: Operation {
    static let method = "inventory.set"
    static let http = HTTPBinding(.patch, "/admin/products/{prod_id}/inventory")
    static let access = Access.superuser
    static let summary = "Set a product's stock and whether it is tracked (query parameters or JSON body)"
    static let errorStatuses = [404]

    struct Input: OperationInput {
        var productID: Int
        var qty: Int
        var trackInventory: Bool

        init(from r: FieldReader) {
            productID = r.field("prod_id")
            qty = r.field("qty", in: .query, .ge(0), .le(StockLimits.maximum))
            trackInventory = r.field("track_inventory", in: .query)
        }
    }

    let store: InventoryStore
    let stock: StockKeeper

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> InventoryLevel {
        let wanted = InventoryLevel(productID: input.productID, qty: input.qty, trackInventory: input.trackInventory)
        guard let saved = try await store.upsert(wanted) else { throw InventoryErrors.productNotFound }
        await stock.didChange(productIDs: [input.productID])
        return saved
    }
}
