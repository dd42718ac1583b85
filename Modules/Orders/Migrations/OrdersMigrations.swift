import Kernel

/// The Orders schema. Order lines keep a price snapshot; a product that was ever sold cannot be
/// deleted (no cascade: Catalog answers 409), and neither can a user with orders. Statuses are
/// plain lower-case text with a CHECK, so the database and the API spell them alike.
enum OrdersMigrations {
    static let all = [
        Migration(
            1, "create_orders",
            [
                """
                CREATE TABLE orders (
                    id {{pk}},
                    user_id BIGINT NOT NULL,
                    status VARCHAR(16) NOT NULL DEFAULT 'new',
                    total_cents BIGINT NOT NULL,
                    created_at {{timestamp}} NOT NULL,
                    updated_at {{timestamp}} NOT NULL,
                    CONSTRAINT fk_orders_user_id FOREIGN KEY (user_id) REFERENCES users (id),
                    CONSTRAINT ck_orders_status CHECK (status IN ('new', 'confirmed', 'canceled'))
                )
                """,
                "CREATE INDEX ix_orders_user_id_created_at ON orders (user_id, created_at)",
                "CREATE INDEX ix_orders_status_created_at ON orders (status, created_at)",
                "CREATE INDEX ix_orders_created_at ON orders (created_at)",
                """
                CREATE TABLE order_items (
                    id {{pk}},
                    order_id BIGINT NOT NULL,
                    product_id BIGINT NOT NULL,
                    quantity INTEGER NOT NULL,
                    price_cents INTEGER NOT NULL,
                    CONSTRAINT fk_order_items_order_id FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
                    CONSTRAINT fk_order_items_product_id FOREIGN KEY (product_id) REFERENCES products (id),
                    CONSTRAINT ck_order_items_quantity CHECK (quantity > 0)
                )
                """,
                "CREATE INDEX ix_order_items_order_id ON order_items (order_id)",
                "CREATE INDEX ix_order_items_product_id ON order_items (product_id)",
            ]),
        Migration(
            2, "create_idempotency_keys",
            [
                """
                CREATE TABLE idempotency_keys (
                    id {{pk}},
                    user_id BIGINT NOT NULL,
                    idempotency_key VARCHAR(255) NOT NULL,
                    method VARCHAR(100) NOT NULL,
                    fingerprint VARCHAR(64) NOT NULL,
                    state VARCHAR(16) NOT NULL,
                    response_status INTEGER,
                    response_body TEXT,
                    created_at {{timestamp}} NOT NULL,
                    locked_at {{timestamp}} NOT NULL,
                    CONSTRAINT fk_idempotency_keys_user_id FOREIGN KEY (user_id) REFERENCES users (id)
                        ON DELETE CASCADE,
                    CONSTRAINT ck_idempotency_keys_state CHECK (state IN ('running', 'done'))
                )
                """,
                "CREATE UNIQUE INDEX uq_idempotency_keys_user_id_key ON idempotency_keys (user_id, idempotency_key)",
                "CREATE INDEX ix_idempotency_keys_created_at ON idempotency_keys (created_at)",
            ]),
        // Whether checkout took each line's stock, so that a cancel gives back only that stock;
        // lines written before this column existed count as taken (as cancels then assumed).
        Migration(
            3, "order_items_stock_taken",
            ["ALTER TABLE order_items ADD COLUMN stock_taken BOOLEAN NOT NULL DEFAULT TRUE"]),
    ]
}
