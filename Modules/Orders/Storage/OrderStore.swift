import FoundationEssentials
import Inventory
import Kernel

/// The `orders` and `order_items` tables. Every method takes the connection to use, so callers
/// decide which statements share a transaction.
struct OrderStore: Sendable {
    /// A line about to be written: the product, how many, the unit price at checkout, and
    /// whether its stock was taken.
    struct NewLine: Sendable {
        var productID: Int
        var quantity: Int
        var priceCents: Int
        var stockTaken: Bool
    }

    /// Which orders a listing returns, newest first.
    struct Filter: Sendable {
        var userID: Int64?
        var status: OrderStatus?
        var limit: Int?
        var offset: Int = 0
    }

    private static let columns = "id, user_id, status, total_cents, created_at"
    private static let itemColumns = "id, product_id, quantity, price_cents, stock_taken"

    /// Inserts an order in status `new` with its lines (at least one), and returns it as
    /// stored: one statement on PostgreSQL, the order and then its lines on SQLite (which has
    /// no INSERT inside WITH). Lines get their ids in request order, as `items` lists them.
    func insert(
        userID: Int64, totalCents: Int, lines: [NewLine], at now: Date, on db: any SQLDatabase, kind: DatabaseKind
    ) async throws -> Order {
        guard kind == .postgres else {
            let order: SQLQueryString = """
                INSERT INTO orders (user_id, status, total_cents, created_at, updated_at)
                VALUES (\(bind: userID), \(bind: OrderStatus.new.rawValue), \(bind: totalCents), \(bind: now), \(bind: now))
                RETURNING \(unsafeRaw: Self.columns)
                """
            guard var inserted = try await db.raw(order).first().map(OrderRows.order) else {
                throw AppError.internalError
            }
            let values: [SQLQueryString] = lines.map { line in
                """
                (\(bind: inserted.id), \(bind: line.productID), \(bind: line.quantity), \(bind: line.priceCents), \
                \(bind: line.stockTaken))
                """
            }
            let rows = try await db.raw(
                """
                INSERT INTO order_items (order_id, product_id, quantity, price_cents, stock_taken)
                VALUES \(values.joined(separator: ", ")) RETURNING \(unsafeRaw: Self.itemColumns)
                """
            ).all()
            inserted.items = try rows.map { try OrderRows.item($0) }.sorted { $0.id < $1.id }
            return inserted
        }
        return try await Self.inserted(
            db.raw(Self.insertStatement(userID: userID, totalCents: totalCents, lines: lines, at: now)).all())
    }

    /// PostgreSQL, a whole checkout in one statement, so all or nothing without a transaction:
    /// prices the lines from `prices` (Catalog's `priced_products`); only if every product is
    /// active and the total fits in `OrderLimits.maximumCents`, takes the stock with `take`
    /// (built with `checkoutCondition`); and only if all of it was taken, inserts the order and
    /// its lines (in request order; a line's `stockTaken` says whether its product's stock was
    /// taken). Nil, having written nothing, when anything of that failed.
    func insertCheckout(
        userID: Int64, lines: [(productID: Int, quantity: Int)], prices: SQLQueryString, take: StockTakeClause,
        at now: Date, on db: any SQLDatabase
    ) async throws -> Order? {
        let values: [SQLQueryString] = lines.enumerated().map {
            "(\(bind: $0), \(bind: $1.productID), \(bind: $1.quantity))"
        }
        // Prices are never negative, so a total within the limit has every line and running
        // total within it too.
        let rows = try await db.raw(
            """
            WITH order_lines (n, product_id, quantity) AS (VALUES \(values.joined(separator: ", "))),
            \(prices),
            order_priced AS MATERIALIZED (
                SELECT SUM(p.price_cents::numeric * l.quantity) AS total
                FROM order_lines l JOIN priced_products p ON p.id = l.product_id AND p.is_active
                HAVING COUNT(*) = \(bind: lines.count)
                    AND SUM(p.price_cents::numeric * l.quantity) <= \(bind: OrderLimits.maximumCents)
            ),
            \(take.items),
            o AS (
                INSERT INTO orders (user_id, status, total_cents, created_at, updated_at)
                SELECT \(bind: userID), \(bind: OrderStatus.new.rawValue), order_priced.total, \(bind: now), \(bind: now)
                FROM order_priced, stock_done
                RETURNING \(unsafeRaw: Self.columns)
            ),
            items AS (
                INSERT INTO order_items (order_id, product_id, quantity, price_cents, stock_taken)
                SELECT o.id, l.product_id, l.quantity, p.price_cents, l.product_id IN (SELECT product_id FROM stock_taken)
                FROM o, order_lines l JOIN priced_products p ON p.id = l.product_id
                ORDER BY l.n
                RETURNING \(unsafeRaw: Self.itemColumns)
            )
            \(unsafeRaw: Self.insertedColumns)
            """
        ).all()
        return rows.isEmpty ? nil : try Self.inserted(rows)
    }

    /// What the stock take of `insertCheckout` waits for: the lines priced.
    static let checkoutCondition: SQLQueryString = "EXISTS (SELECT 1 FROM order_priced)"

    /// PostgreSQL: the order and its lines in one statement (lines in request order).
    private static func insertStatement(userID: Int64, totalCents: Int, lines: [NewLine], at now: Date)
        -> SQLQueryString
    {
        let values: [SQLQueryString] = lines.enumerated().map { index, line in
            """
            (\(bind: index), \(bind: line.productID), \(bind: line.quantity), \(bind: line.priceCents), \
            \(bind: line.stockTaken))
            """
        }
        return """
            WITH o AS (
                INSERT INTO orders (user_id, status, total_cents, created_at, updated_at)
                VALUES (\(bind: userID), \(bind: OrderStatus.new.rawValue), \(bind: totalCents), \(bind: now), \(bind: now))
                RETURNING \(unsafeRaw: Self.columns)
            ),
            items AS (
                INSERT INTO order_items (order_id, product_id, quantity, price_cents, stock_taken)
                SELECT o.id, v.product_id, v.quantity, v.price_cents, v.stock_taken
                FROM o, (VALUES \(values.joined(separator: ", ")))
                    AS v (n, product_id, quantity, price_cents, stock_taken)
                ORDER BY v.n
                RETURNING \(unsafeRaw: Self.itemColumns)
            )
            \(unsafeRaw: Self.insertedColumns)
            """
    }

    /// The rows both one-statement inserts return: the order with each of its lines.
    private static let insertedColumns = """
        SELECT o.id, o.user_id, o.status, o.total_cents, o.created_at, items.id AS item_id,
            items.product_id, items.quantity, items.price_cents, items.stock_taken
        FROM o, items ORDER BY items.id
        """

    /// The order `insertStatement` returned, one row per line.
    private static func inserted(_ rows: [any SQLRow]) throws -> Order {
        guard var inserted = try rows.first.map(OrderRows.order) else { throw AppError.internalError }
        inserted.items = try rows.map { try OrderRows.item($0, id: "item_id") }
        return inserted
    }

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
