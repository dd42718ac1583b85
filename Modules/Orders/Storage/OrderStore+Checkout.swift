import FoundationEssentials
import Inventory
import Kernel

extension OrderStore {
    /// A line about to be written: the product, how many, the unit price at checkout, and
    /// whether its stock was taken.
    struct NewLine: Sendable {
        var productID: Int
        var quantity: Int
        var priceCents: Int
        var stockTaken: Bool
    }

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
    /// taken). Nil, having written nothing, when anything of that failed. With a `budget`, the
    /// statement fails, having written nothing, if it ends past it (`StatementBudget`).
    func insertCheckout(
        userID: Int64, lines: [(productID: Int, quantity: Int)], prices: SQLQueryString, take: StockTakeClause,
        at now: Date, within budget: StatementBudget?, on db: any SQLDatabase
    ) async throws -> Order? {
        let returned: SQLQueryString =
            if let budget {
                "SELECT r.*, \(budget.column) FROM (\(unsafeRaw: Self.insertedColumns)) AS r ORDER BY r.item_id"
            } else {
                "\(unsafeRaw: Self.insertedColumns)"
            }
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
            \(returned)
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
}
