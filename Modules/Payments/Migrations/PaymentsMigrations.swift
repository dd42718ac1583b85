import Kernel

/// The Payments schema. A partial unique index makes the database itself guarantee at most one
/// open payment — a charge in flight (`pending`) or made (`paid`) — per order, whatever the
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
        // One index over both open states, instead of one for `pending` and one for `paid`:
        // with two, a request that checked the order while another's charge was settling could
        // start a second charge once the first was `paid` (to be refunded when the order turned
        // out confirmed). Now a charge can start only when no other is in flight or made.
        Migration(
            4, "one_open_payment_per_order",
            [
                "CREATE UNIQUE INDEX uq_payments_open_order_id ON payments (order_id) WHERE status IN ('pending', 'paid')",
                "DROP INDEX uq_payments_pending_order_id",
                "DROP INDEX uq_payments_paid_order_id",
            ]),
    ]
}
