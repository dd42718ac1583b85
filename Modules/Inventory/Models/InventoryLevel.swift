import Kernel

/// A product's stock as the admin operations answer it (`{product_id, qty, track_inventory}`,
/// the original's shape; the kernel's encoder writes a nil `qty` as `null`). `qty` is null only when the product has no inventory row, which
/// means it is not tracked: it can be sold without limit.
struct InventoryLevel: Sendable, Equatable, Encodable, OperationOutput {
    var productID: Int
    var qty: Int?
    var trackInventory: Bool

    init(productID: Int, qty: Int?, trackInventory: Bool) {
        self.productID = productID
        self.qty = qty
        self.trackInventory = trackInventory
    }

    /// The level of a product without an inventory row.
    static func untracked(_ productID: Int) -> InventoryLevel {
        InventoryLevel(productID: productID, qty: nil, trackInventory: false)
    }

    /// True when an order may take `quantity`: untracked, or enough on hand.
    func covers(_ quantity: Int) -> Bool {
        !trackInventory || (qty ?? 0) >= quantity
    }

    /// What the product detail shows: untracked products are always in stock.
    var inStock: Bool { covers(1) }

    enum CodingKeys: String, CodingKey {
        case productID = "product_id"
        case qty
        case trackInventory = "track_inventory"
    }
}

extension InventoryLevel: SchemaExample {
    static var schemaExample: InventoryLevel { InventoryLevel(productID: 1, qty: 5, trackInventory: true) }
}
