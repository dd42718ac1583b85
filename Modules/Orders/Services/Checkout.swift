import Catalog
import Inventory
import Kernel

/// Places orders, all or nothing: products and prices read through Catalog's `ProductPricing`,
/// stock taken through Inventory's `StockService`, the order and its price snapshot written,
/// and the idempotency answer recorded. On PostgreSQL the prices, the stock take and the order
/// are one statement; elsewhere (and to name what failed) one transaction holds them.
struct Checkout: Sendable {
    /// One requested line, as the customer sent it.
    struct Line: Sendable, Equatable {
        var productID: Int
        var quantity: Int
    }

    let database: any Database
    let store: OrderStore
    let pricing: any ProductPricing
    let stock: any StockService
    let events: EventBus

    /// Places an order for `lines` (duplicates stay separate lines; their stock is checked
    /// combined) and returns its encoded answer.
    func place(_ lines: [Line], userID: Int64, claim: IdempotencyClaim) async throws -> [UInt8] {
        guard !lines.isEmpty else { throw OrderErrors.empty }
        let stockLines = lines.map { StockLine(productID: $0.productID, quantity: $0.quantity) }
        let placed: (order: Order, bytes: [UInt8])
        if let take = try stock.takeClause(stockLines, when: OrderStore.checkoutCondition),
            let done = try await placeInOneStatement(lines, take: take, userID: userID, claim: claim)
        {
            placed = done
        } else {
            placed = try await placeInTransaction(lines, stockLines, userID: userID, claim: claim)
        }
        await stock.didChange(productIDs: lines.map(\.productID))
        await events.publish(OrderCreated(order: placed.order))
        AppMetrics.increment("ecom_orders_created_total")
        return placed.bytes
    }

    /// The common case on PostgreSQL in one statement instead of five: prices, stock take and
    /// order (and the idempotency answer, when a key is given). Nil, having written nothing, when
    /// a product is unavailable or short or the total too large: the transaction then decides
    /// which error the original gave (or places the order, if a restock came first).
    ///
    /// A request answered 503 at its timeout while the statement waited for a row lock must not
    /// place the order once the lock is free. Without an Idempotency-Key the statement runs on
    /// its own and sees to that itself: it fails, writing nothing, if it would end later than
    /// the call's deadline allows, even when it reaches the server late (`StatementBudget`; two
    /// PostgreSQL round trips fewer than BEGIN and COMMIT, 1.5–2.4x the orders/s in interleaved
    /// runs). With a key (whose answer is recorded by a second statement), without a deadline
    /// or while the server's clock is not known it runs in a transaction, which a cancelled
    /// request rolls back (see `inTransaction`).
    private func placeInOneStatement(
        _ lines: [Line], take: StockTakeClause, userID: Int64, claim: IdempotencyClaim
    ) async throws -> (order: Order, bytes: [UInt8])? {
        let (store, prices) = (store, pricing.pricesClause(lines.map(\.productID)))
        let insert = {
            @Sendable (db: any SQLDatabase, budget: StatementBudget?) async throws -> (order: Order, bytes: [UInt8])? in
            let order = try await store.insertCheckout(
                userID: userID, lines: lines.map { ($0.productID, $0.quantity) }, prices: prices, take: take,
                at: Timestamp.now(), within: budget, on: db)
            guard let order else { return nil }
            return (order, try await claim.record(order, on: db))
        }
        do {
            if !claim.recordsAnswer, let budget = database.statementBudget() {
                return try await database.withConnection { db in try await insert(db, budget) }
            }
            return try await database.transaction { tx in try await insert(tx, nil) }
        } catch let error where Self.isWorthReading(error) {
            // Nothing was written: the transaction reads the products again.
            return nil
        }
    }

    /// Every engine: prices, stock and the order in one transaction, and the error of the
    /// first failing line in request order.
    private func placeInTransaction(
        _ lines: [Line], _ stockLines: [StockLine], userID: Int64, claim: IdempotencyClaim
    ) async throws -> (order: Order, bytes: [UInt8]) {
        do {
            return try await placeInTransactionOnce(lines, stockLines, userID: userID, claim: claim)
        } catch let error where Self.isWorthReading(error) {
            return try await placeInTransactionOnce(lines, stockLines, userID: userID, claim: claim)
        }
    }

    /// A checkout that wrote nothing because of a concurrent change worth reading again: a
    /// product deleted after it was read (read again, to name it in the original's 400), or a
    /// deadlock PostgreSQL broke by rolling the checkout back (a product's deletion locks its
    /// row, then its stock; a checkout locks the stock, then the product's row for its lines).
    private static func isWorthReading(_ error: any Error) -> Bool {
        guard let failure = DatabaseFailure(error) else { return false }
        return failure == .concurrentConflict || failure.isForeignKey(table: "order_items", column: "product_id")
    }

    private func placeInTransactionOnce(
        _ lines: [Line], _ stockLines: [StockLine], userID: Int64, claim: IdempotencyClaim
    ) async throws -> (order: Order, bytes: [UInt8]) {
        try await database.transaction { tx in
            let products = try await pricing.products(Array(Set(lines.map(\.productID))), on: tx)
            if let bad = lines.firstIndex(where: { products[$0.productID]?.isActive != true }) {
                // The original walked the lines in order: a short product before this one wins.
                try await stock.take(Array(stockLines[..<bad]), on: tx)
                throw OrderErrors.productUnavailable(lines[bad].productID)
            }
            let priced = try Self.price(lines, products)
            let taken = try await stock.take(stockLines, on: tx)
            let newLines = priced.lines.map { line in
                var line = line
                line.stockTaken = taken.contains(line.productID)
                return line
            }
            let order = try await store.insert(
                userID: userID, totalCents: priced.total, lines: newLines, at: Timestamp.now(), on: tx,
                kind: database.kind)
            return (order, try await claim.record(order, on: tx))
        }
    }

    /// Snapshots each line's unit price and sums the total; amounts beyond 32-bit cents are a 422.
    /// The lines are marked as not taking stock until the stock is taken.
    static func price(_ lines: [Line], _ products: [Int: PricedProduct]) throws -> (
        lines: [OrderStore.NewLine], total: Int
    ) {
        var result: [OrderStore.NewLine] = []
        var total = 0
        for (index, line) in lines.enumerated() {
            let price = products[line.productID]?.priceCents ?? 0
            let (amount, overflow) = price.multipliedReportingOverflow(by: line.quantity)
            guard !overflow, abs(amount) <= OrderLimits.maximumCents else {
                throw OrderErrors.lineTooLarge(index: index, quantity: line.quantity)
            }
            total += amount
            guard abs(total) <= OrderLimits.maximumCents else { throw OrderErrors.totalTooLarge(Self.json(lines)) }
            result.append(
                OrderStore.NewLine(
                    productID: line.productID, quantity: line.quantity, priceCents: price,
                    stockTaken: false))
        }
        return (result, total)
    }

    /// The lines in canonical JSON: what the request asked for, for fingerprints and errors.
    static func json(_ lines: [Line]) -> JSONValue {
        .array(
            lines.map { line in
                .object(["product_id": .int(Int64(line.productID)), "quantity": .int(Int64(line.quantity))])
            })
    }
}
