import Kernel

/// inventory.adjust — POST /admin/products/{prod_id}/inventory/adjust `{delta, reason}` → 200.
/// A relative change applied in one conditional statement, so a restock never overwrites
/// sales made meanwhile. A result below zero (or above the 32-bit maximum) is a 409 and
/// changes nothing.
struct AdjustInventory: Operation {
    static let method = "inventory.adjust"
    static let http = HTTPBinding(.post, "/admin/products/{prod_id}/inventory/adjust")
    static let access = Access.superuser
    static let summary = "Add to or remove from a product's stock atomically (`delta` may be negative)"
    static let errorStatuses = [404, 409]

    struct Input: OperationInput {
        var productID: Int
        var delta: Int
        var reason: String?

        init(from r: FieldReader) {
            productID = r.field("prod_id")
            delta = r.field("delta", .ge(-StockLimits.maximum), .le(StockLimits.maximum))
            reason = r.optional("reason", .maxLength(200))
        }
    }

    let store: InventoryStore
    let stock: StockKeeper

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> InventoryLevel {
        let (productID, delta) = (input.productID, input.delta)
        let level = try await store.adjust(productID, by: delta)
        context.logger.info(
            "stock adjusted",
            metadata: [
                "product_id": "\(productID)", "delta": "\(delta)", "qty": "\(level.qty ?? 0)",
                "reason": "\(input.reason ?? "")",
            ])
        await stock.didChange(productIDs: [productID])
        return level
    }
}
