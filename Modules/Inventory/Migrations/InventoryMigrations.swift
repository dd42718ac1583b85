import Kernel

/// The Inventory schema: one row per tracked product. `product_id` matches `products.id` (a
/// 64-bit key); deleting a product deletes its row. The CHECK makes overselling impossible
/// even for a statement that forgot its guard.
enum InventoryMigrations {
    static let all = [
        Migration(
            1, "create_inventory",
            [
                """
                CREATE TABLE inventory (
                    product_id BIGINT PRIMARY KEY,
                    qty INTEGER NOT NULL,
                    track_inventory BOOLEAN NOT NULL DEFAULT TRUE,
                    updated_at {{timestamp}} NOT NULL,
                    CONSTRAINT fk_inventory_product_id FOREIGN KEY (product_id)
                        REFERENCES products (id) ON DELETE CASCADE,
                    CONSTRAINT ck_inventory_qty CHECK (qty >= 0)
                )
                """
            ])
    ]
}
