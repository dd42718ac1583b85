import FoundationEssentials
import Kernel

/// The `payments` table. Status changes are conditional on the current status, so a payment
/// settles once however many requests race.
struct PaymentStore: Sendable {
    static let columns = "id, order_id, amount_cents, provider, provider_payment_id, status, created_at"
    /// `columns`, each named with the table's name, for statements that join it.
    static let qualifiedColumns = columns.split(separator: ", ").map { "payments.\($0)" }.joined(separator: ", ")

    /// Starts a charge: a `pending` payment, written only if `condition` holds (the order is
    /// still `new`) and the order has no other `pending` or `paid` payment (the partial unique
    /// index); nil when either fails, for the caller to tell which.
    func insertPending(
        orderID: Int64, amountCents: Int, provider: String, at now: Date, while condition: SQLQueryString,
        on db: any SQLDatabase
    ) async throws -> Payment? {
        // A conflict with the order's other payment in flight or paid writes nothing rather than
        // failing, which would abort the caller's transaction.
        let row = try await db.raw(
            """
            INSERT INTO payments (order_id, amount_cents, provider, status, created_at, updated_at)
            SELECT \(bind: orderID), \(bind: amountCents), \(bind: provider), 'pending', \(bind: now), \(bind: now)
            WHERE \(condition)
            ON CONFLICT DO NOTHING
            RETURNING \(unsafeRaw: Self.columns)
            """
        ).first()
        return try row.map(Self.payment)
    }

    /// PostgreSQL, step 1 of a payment in one statement: a `pending` payment of the order in
    /// `payable` (a `WITH` item `payable_order (id, total_cents)`, Orders' `payableClause`) for
    /// its total, unless the order has another payment `pending` or `paid` (the partial unique
    /// index). Nil, having written nothing, when either fails; the statement fails, writing
    /// nothing, if it would end past `budget` (a request answered 503 at its timeout while the
    /// order's row was locked must not leave a `pending` payment that refuses every retry).
    func insertPending(
        payable: SQLQueryString, provider: String, at now: Date, within budget: StatementBudget,
        on db: any SQLDatabase
    ) async throws -> Payment? {
        let row = try await db.raw(
            """
            WITH \(payable),
            inserted AS (
                INSERT INTO payments (order_id, amount_cents, provider, status, created_at, updated_at)
                SELECT id, total_cents, \(bind: provider), 'pending', \(bind: now), \(bind: now) FROM payable_order
                ON CONFLICT DO NOTHING
                RETURNING \(unsafeRaw: Self.columns)
            )
            SELECT inserted.*, \(budget.column) FROM inserted
            """
        ).first()
        return try row.map(Self.payment)
    }

    /// PostgreSQL, step 3 of a payment in one statement: settles the `pending` payment `id` as
    /// `paid` together with `confirm` (Orders' `confirmClause`, given the condition that the
    /// payment is still pending, its row locked), all or nothing. Nil, having written nothing,
    /// when the payment is not pending or the order not `new`; the statement fails, writing
    /// nothing, if it would end past `budget` (a late step 3 must not race the one of whoever
    /// takes the payment over as abandoned, whose loser would refund the charge).
    func settlePaid(
        _ id: Int64, providerPaymentID: String, confirming confirm: (SQLQueryString) -> SQLQueryString,
        at now: Date, within budget: StatementBudget, on db: any SQLDatabase
    ) async throws -> Payment? {
        let row = try await db.raw(
            """
            WITH pending_payment AS MATERIALIZED (
                SELECT id FROM payments WHERE id = \(bind: id) AND status = 'pending' FOR UPDATE
            ),
            \(confirm("EXISTS (SELECT 1 FROM pending_payment)")),
            paid AS (
                UPDATE payments SET status = 'paid', provider_payment_id = \(bind: providerPaymentID),
                    updated_at = \(bind: now)
                FROM confirmed_order WHERE payments.id = \(bind: id)
                RETURNING \(unsafeRaw: Self.qualifiedColumns)
            )
            SELECT paid.*, \(budget.column) FROM paid
            """
        ).first()
        return try row.map(Self.payment)
    }

    /// True when the order has a `paid` payment.
    func hasPaid(orderID: Int64, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            "SELECT id FROM payments WHERE order_id = \(bind: orderID) AND status = 'paid'"
        ).first() != nil
    }

    /// The order's payment in `backlog` untouched since `cutoff`, taken over for the caller:
    /// touching it makes it fresh again, so that of callers racing for it exactly one gets it,
    /// and another only once this one has been gone as long (a lease). Nil when there is none.
    func takeOver(
        _ backlog: PaymentBacklog, orderID: Int64, before cutoff: Date, at now: Date, on db: any SQLDatabase
    ) async throws -> Payment? {
        let row = try await db.raw(
            """
            UPDATE payments SET updated_at = \(bind: now)
            WHERE order_id = \(bind: orderID) AND \(unsafeRaw: backlog.condition) AND updated_at < \(bind: cutoff)
            RETURNING \(unsafeRaw: Self.columns)
            """
        ).first()
        return try row.map(Self.payment)
    }

    /// Orders with a payment in `backlog` untouched since `cutoff`, oldest first, at most `limit`.
    func orders(in backlog: PaymentBacklog, before cutoff: Date, limit: Int, on db: any SQLDatabase) async throws
        -> [Int64]
    {
        try await db.raw(
            """
            SELECT order_id FROM payments WHERE \(unsafeRaw: backlog.condition) AND updated_at < \(bind: cutoff)
            ORDER BY updated_at LIMIT \(bind: limit)
            """
        ).all().map { try $0.decode(column: "order_id", as: Int64.self) }
    }

    /// Settles a `pending` payment; nil when it is not pending any more.
    func settle(
        _ id: Int64, as status: PaymentStatus, providerPaymentID: String?, at now: Date, on db: any SQLDatabase
    ) async throws -> Payment? {
        let row = try await db.raw(
            """
            UPDATE payments SET status = \(bind: status.rawValue), provider_payment_id = \(bind: providerPaymentID),
                updated_at = \(bind: now)
            WHERE id = \(bind: id) AND status = 'pending'
            RETURNING \(unsafeRaw: Self.columns)
            """
        ).first()
        return try row.map(Self.payment)
    }

    /// The order's payments, oldest first.
    func payments(orderID: Int64, on db: any SQLDatabase) async throws -> [Payment] {
        try await db.raw(
            "SELECT \(unsafeRaw: Self.columns) FROM payments WHERE order_id = \(bind: orderID) ORDER BY created_at, id"
        ).all().map(Self.payment)
    }

    static func payment(_ row: any SQLRow) throws -> Payment {
        let text = try row.decode(column: "status", as: String.self)
        guard let status = PaymentStatus(rawValue: text) else { throw AppError.internalError }
        return Payment(
            id: try row.decode(column: "id", as: Int64.self),
            orderID: try row.decode(column: "order_id", as: Int64.self),
            amountCents: try row.decode(column: "amount_cents", as: Int.self),
            provider: try row.decode(column: "provider", as: String.self),
            providerPaymentID: try row.decode(column: "provider_payment_id", as: String?.self),
            status: status,
            createdAt: try row.decode(column: "created_at", as: Date.self))
    }
}

/// Payments left for someone to finish, each found by its age (`updated_at`, which a taker
/// touches as its lease) through a partial index on exactly `condition`.
enum PaymentBacklog {
    /// A charge whose request died before its outcome was recorded.
    case abandonedCharge
    /// A refund a cancellation asked for that the provider has not made yet.
    case owedRefund

    /// The rows in the backlog, written as the partial index's predicate so that it serves them.
    var condition: String {
        switch self {
        case .abandonedCharge: "status = 'pending'"
        case .owedRefund: "status = 'paid' AND refund_requested_at IS NOT NULL"
        }
    }
}
