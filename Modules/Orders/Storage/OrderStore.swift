import FoundationEssentials
import Kernel

/// The `orders` and `order_items` tables: reads and status changes here, the checkout's inserts
/// in `OrderStore+Checkout`. Every method takes the connection to use, so callers decide which
/// statements share a transaction.
struct OrderStore: Sendable {
    /// Which orders a listing returns, newest first.
    struct Filter: Sendable {
        var userID: Int64?
        var status: OrderStatus?
        var limit: Int?
        var offset: Int = 0
    }

    /// The columns `OrderRows.order` reads, and of its lines `OrderRows.item`.
    static let columns = "id, user_id, status, total_cents, created_at"
    static let itemColumns = "id, product_id, quantity, price_cents, stock_taken"

    /// The order with `id` and, unless `lines` is false (for callers that need its owner,
    /// status and total only: one statement less), its lines.
    func order(id: Int64, lines: Bool = true, on db: any SQLDatabase) async throws -> Order? {
        let row = try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM orders WHERE id = \(bind: id)").first()
        guard var order = try row.map(OrderRows.order) else { return nil }
        guard lines else { return order }
        order.items = try await items(ofOrders: [id], on: db)[id] ?? []
        return order
    }

    /// The order with `id` if `user` may see it (its owner or a superuser); otherwise the
    /// 404 of a missing order, so that nobody learns which order numbers exist.
    func order(id: Int64, visibleTo user: UserIdentity, lines: Bool = true, on db: any SQLDatabase) async throws
        -> Order
    {
        guard let order = try await order(id: id, lines: lines, on: db), user.isSuperuser || order.userID == user.id
        else {
            throw OrderErrors.notFound
        }
        return order
    }

    /// The orders `filter` selects, newest first, with their lines loaded in one more query.
    func list(_ filter: Filter, on db: any SQLDatabase) async throws -> [Order] {
        var conditions: [SQLQueryString] = []
        if let userID = filter.userID { conditions.append("user_id = \(bind: userID)") }
        if let status = filter.status { conditions.append("status = \(bind: status.rawValue)") }
        var query: SQLQueryString = "SELECT \(unsafeRaw: Self.columns) FROM orders"
        if !conditions.isEmpty { query = "\(query) WHERE \(conditions.joined(separator: " AND "))" }
        query = "\(query) ORDER BY created_at DESC, id DESC"
        if let limit = filter.limit {
            query = "\(query) LIMIT \(bind: limit) OFFSET \(bind: filter.offset)"
        } else if filter.offset > 0 {
            // SQLite accepts OFFSET only after a LIMIT.
            query = "\(query) LIMIT \(bind: Int.max) OFFSET \(bind: filter.offset)"
        }
        var orders = try await db.raw(query).all().map(OrderRows.order)
        let items = try await items(ofOrders: orders.map(\.id), on: db)
        for index in orders.indices { orders[index].items = items[orders[index].id] ?? [] }
        return orders
    }

    /// A condition that holds while order `id` has `status`; `lock` (a `DatabaseKind.rowLock`)
    /// holds the order's row until the transaction of the statement using it ends.
    func condition(_ id: Int64, is status: OrderStatus, lock: SQLQueryString) -> SQLQueryString {
        """
        EXISTS (SELECT 1 FROM orders WHERE id = \(bind: id) AND status = \(bind: status.rawValue)\(lock))
        """
    }

    /// PostgreSQL: a `WITH` item `payable_order (id, total_cents)` holding order `id` while
    /// `userID` owns it, it is `new` and it has something to pay, its row locked `FOR SHARE`
    /// until the statement's transaction ends (a status change racing it commits first, and
    /// the row is then read again, or waits).
    func payableClause(_ id: Int64, ownedBy userID: Int64) -> SQLQueryString {
        """
        payable_order AS MATERIALIZED (
            SELECT id, total_cents FROM orders
            WHERE id = \(bind: id) AND user_id = \(bind: userID) AND status = \(bind: OrderStatus.new.rawValue)
                AND total_cents > 0
            FOR SHARE
        )
        """
    }

    /// PostgreSQL: a `WITH` item `confirmed_order (id)` that moves order `id` from `new` to
    /// `confirmed` if `condition` holds, as `transition` does; empty when either fails.
    func confirmClause(_ id: Int64, at now: Date, when condition: SQLQueryString) -> SQLQueryString {
        """
        confirmed_order AS (
            UPDATE orders SET status = \(bind: OrderStatus.confirmed.rawValue), updated_at = \(bind: now)
            WHERE id = \(bind: id) AND status = \(bind: OrderStatus.new.rawValue) AND \(condition)
            RETURNING id
        )
        """
    }

    /// Moves the order from `from` to `to` only if it is still in `from`; false when another
    /// request changed it first. Side effects of a transition hang on this returning true.
    func transition(_ id: Int64, from: OrderStatus, to: OrderStatus, at now: Date, on db: any SQLDatabase)
        async throws -> Bool
    {
        let row = try await db.raw(
            """
            UPDATE orders SET status = \(bind: to.rawValue), updated_at = \(bind: now)
            WHERE id = \(bind: id) AND status = \(bind: from.rawValue)
            RETURNING id
            """
        ).first()
        return row != nil
    }

    /// The lines of `orderIDs`, by order, in line order; batched so a long listing stays a
    /// handful of statements whatever the engine's parameter limit.
    func items(ofOrders orderIDs: [Int64], on db: any SQLDatabase) async throws -> [Int64: [OrderItem]] {
        var result: [Int64: [OrderItem]] = [:]
        var start = 0
        while start < orderIDs.count {
            let batch = Array(orderIDs[start..<min(start + 500, orderIDs.count)])
            start += batch.count
            let rows = try await db.raw(
                """
                SELECT order_id, \(unsafeRaw: Self.itemColumns) FROM order_items
                WHERE order_id IN (\(binds: batch)) ORDER BY order_id, id
                """
            ).all()
            for row in rows {
                result[try row.decode(column: "order_id", as: Int64.self), default: []].append(try OrderRows.item(row))
            }
        }
        return result
    }
}
