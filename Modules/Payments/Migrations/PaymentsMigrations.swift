import Kernel

/// The Payments schema. Two partial unique indexes make the database itself guarantee at most
/// one `paid` payment per order and at most one charge in flight (`pending`), whatever the
/// concurrency; both engines support partial indexes.
enum PaymentsMigrations {
    static let all = [
        Migration(
            1, "create_payments",
            [
                """
                CREATE TABLE payments (
                    id {{pk}},
                    order_id BIGINT NOT NULL,
                    amount_cents BIGINT NOT NULL,
                    provider VARCHAR(50) NOT NULL,
                    provider_payment_id VARCHAR(255),
                    status VARCHAR(16) NOT NULL,
                    created_at {{timestamp}} NOT NULL,
                    updated_at {{timestamp}} NOT NULL,
                    CONSTRAINT fk_payments_order_id FOREIGN KEY (order_id) REFERENCES orders (id),
                    CONSTRAINT ck_payments_status CHECK (status IN ('pending', 'paid', 'failed', 'refunded'))
                )
                """,
                "CREATE INDEX ix_payments_order_id ON payments (order_id)",
                "CREATE UNIQUE INDEX uq_payments_paid_order_id ON payments (order_id) WHERE status = 'paid'",
                "CREATE UNIQUE INDEX uq_payments_pending_order_id ON payments (order_id) WHERE status = 'pending'",
            ]),
        // The abandoned-payments job looks for old `pending` payments every minute: only those
        // rows are indexed, so it never scans the table.
        Migration(
            2, "index_pending_payments_by_age",
            ["CREATE INDEX ix_payments_pending_updated_at ON payments (updated_at) WHERE status = 'pending'"]),
        // A paid payment whose order was canceled owes a refund from the cancellation's commit
        // until the provider made it (`status` stays `paid` until then: the money is still
        // taken). The refunds job looks for old ones every minute: only those rows are indexed.
        Migration(
            3, "record_owed_refunds",
            [
                "ALTER TABLE payments ADD COLUMN refund_requested_at {{timestamp}}",
                """
                CREATE INDEX ix_payments_refund_owed_updated_at ON payments (updated_at)
                WHERE status = 'paid' AND refund_requested_at IS NOT NULL
                """,
            ]),
    ]
}
