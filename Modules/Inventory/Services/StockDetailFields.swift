import Catalog
import Kernel

/// Adds `inventory_qty` (null without a row) and `in_stock` to the product detail. Unlike the
/// original, an untracked product (no row, or `track_inventory` false) is in stock: it can be
/// ordered without limit.
struct StockDetailFields: ProductDetailExtension {
    let store: InventoryStore

    /// How the members appear in the OpenAPI and OpenRPC documents of the detail.
    static let schema = SchemaExtension(
        extending: ProductDetailExample.self, example: ["inventory_qty": 42, "in_stock": true],
        nullable: ["inventory_qty"])

    func detailFields(forProduct productID: Int) async throws -> [(String, JSONValue)] {
        let level = try await store.level(ofExisting: productID)
        return [
            ("inventory_qty", level.qty.map { .int(Int64($0)) } ?? .null),
            ("in_stock", .bool(level.inStock)),
        ]
    }
}
