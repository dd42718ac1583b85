import Foundation
import Kernel
import TestSupport
import Testing

/// PostgreSQL stops under order traffic: requests get a quick JSON 503 (never a 500, a hang or
/// a crash), `/healthz` reports the database down, the server recovers by itself when the
/// database is back, and no order is half-written. It restarts the shared test cluster, which
/// is safe because `scripts/test` runs suites one at a time.
@Suite("Database outage")
struct DatabaseOutageTests {
    static let stock = 1_000_000

    @Test(.enabled(if: TestEnvironment.backends.contains(.postgres)), .timeLimit(.minutes(2)))
    func restartMidTraffic() async throws {
        let pgCtl = try #require(
            ProcessInfo.processInfo.environment["ECOM_TEST_PG_CTL"], "scripts/test sets ECOM_TEST_PG_CTL")
        let shortTimeout: @Sendable (inout AppConfig) throws -> Void = { config in
            config.http.requestTimeoutSeconds = 3
        }
        try await Shop.with(.postgres, configure: shortTimeout) { shop in
            let first = try await shop.product(price: 700, stock: Self.stock)
            let second = try await shop.product(price: 300, stock: Self.stock)
            var buyers: [Shop.Customer] = []
            for _ in 0..<3 { buyers.append(try await shop.customer()) }
            let customers = buyers

            let traffic = Traffic(clients: 3, limit: 500) { client, iteration in
                let buyer = customers[client]
                guard let order = try? await shop.order([(first, 1), (second, 2)], as: buyer, via: .http) else {
                    return 0
                }
                guard order.status == 201, let id = order.int("id") else { return order.status }
                let paid = try? await shop.onOrder(
                    "payments.pay", id, as: buyer.token, via: .http, key: "outage-\(client)-\(iteration)")
                return paid?.status ?? 0
            }
            try await Task.sleep(for: .milliseconds(500))
            try await Self.run(pgCtl, "stop")

            let start = ContinuousClock.now
            let listing = try await shop.app.http(.get, "/products?limit=7&sort=price_desc")
            #expect(listing.status == 503)
            #expect(listing.json["detail"] == "Service temporarily unavailable")
            #expect(ContinuousClock.now - start < .seconds(10))
            let health = try await shop.app.http(.get, "/healthz")
            #expect(health.status == 503)
            #expect(health.json["status"] == "error")
            #expect(health.json["services"]?["db"] == "error")
            try await Task.sleep(for: .seconds(1))

            try await Self.run(pgCtl, "start")
            try await Self.expectRecovery(shop)
            try await Task.sleep(for: .milliseconds(500))
            let statuses = await traffic.stop()

            let unexpected = statuses.filter { !(200..<300).contains($0) && $0 != 503 }
            #expect(unexpected.isEmpty, "answers other than 2xx and 503: \(unexpected)")
            #expect(statuses.contains(503), "no request met the outage")
            #expect(statuses.filter { (200..<300).contains($0) }.count > 5)
            try await Self.expectConsistent(shop.app.runtime.database.sql, products: [first, second])
        }
    }

    /// With the default 30 s request timeout, a stopped PostgreSQL is a 503 at once over both
    /// transports, not after the timeout (every statement waited for a pooled connection until
    /// then): the heartbeat notices within a second and statements are refused until the
    /// server answers again; then the service recovers by itself.
    @Test(.enabled(if: TestEnvironment.backends.contains(.postgres)), .timeLimit(.minutes(2)))
    func aStoppedDatabaseIsAQuick503() async throws {
        let pgCtl = try #require(
            ProcessInfo.processInfo.environment["ECOM_TEST_PG_CTL"], "scripts/test sets ECOM_TEST_PG_CTL")
        try await Shop.with(.postgres) { shop in
            #expect(try await shop.app.http(.get, "/products?limit=9&sort=price_asc").status == 200)
            try await Self.run(pgCtl, "stop")
            do {
                try await Task.sleep(for: .seconds(2))
                for offset in 1...3 {
                    let start = ContinuousClock.now
                    let listing = try await shop.app.http(.get, "/products?limit=9&offset=\(offset)")
                    #expect(listing.status == 503)
                    #expect(listing.json["detail"] == "Service temporarily unavailable")
                    let rpc = try await shop.app.call(
                        "catalog.products.list", ["offset": .int(Int64(10 + offset))], via: .rpc)
                    #expect(rpc.status == 503)
                    #expect(ContinuousClock.now - start < .seconds(1), "\(ContinuousClock.now - start)")
                }
                let health = try await shop.app.http(.get, "/healthz")
                #expect(health.status == 503 && health.json["services"]?["db"] == "error")
            } catch {
                try await Self.run(pgCtl, "start")
                throw error
            }
            try await Self.run(pgCtl, "start")
            try await Self.expectRecovery(shop)
        }
    }

    /// Requests already waiting for a pooled connection when PostgreSQL stops are answered 503
    /// as soon as the heartbeat notices, over both transports, not at their request timeout
    /// (30 s): PostgresNIO's pool kept them queued until its circuit breaker tripped, a minute
    /// on; the outage now replaces the pool, whose shutdown refuses its queue.
    @Test(.enabled(if: TestEnvironment.backends.contains(.postgres)), .timeLimit(.minutes(2)))
    func requestsWaitingForAConnectionAreAnsweredWhenTheDatabaseStops() async throws {
        // Both pooled connections leased and kept through the outage, with no statement on them.
        try await Self.expectQuick503sWhenTheDatabaseStops { database in
            try? await database.withConnection { _ in try await Task.sleep(for: .seconds(60)) }
        }
    }

    /// The same while both pooled connections run a statement when PostgreSQL stops.
    @Test(.enabled(if: TestEnvironment.backends.contains(.postgres)), .timeLimit(.minutes(2)))
    func requestsWaitingBehindRunningStatementsAreAnsweredWhenTheDatabaseStops() async throws {
        try await Self.expectQuick503sWhenTheDatabaseStops { database in
            try? await database.sql.raw("SELECT pg_sleep(60)").run()
        }
    }

    /// With a pool of two connections, each held by `hold`, a listing over HTTP and one over
    /// JSON-RPC wait for a connection; PostgreSQL stops; both are answered 503 within seconds,
    /// and the service recovers once it is back.
    static func expectQuick503sWhenTheDatabaseStops(hold: @escaping @Sendable (any Database) async -> Void)
        async throws
    {
        let pgCtl = try #require(
            ProcessInfo.processInfo.environment["ECOM_TEST_PG_CTL"], "scripts/test sets ECOM_TEST_PG_CTL")
        let twoConnections: @Sendable (inout AppConfig) throws -> Void = { $0.database.poolSize = 2 }
        try await Shop.with(.postgres, configure: twoConnections) { shop in
            let database = shop.app.runtime.database
            let holders = (0..<2).map { _ in Task { await hold(database) } }
            try await Task.sleep(for: .milliseconds(500))
            async let viaHTTP = shop.app.http(.get, "/products?limit=9&offset=31")
            async let viaRPC = shop.app.call("catalog.products.list", ["offset": .int(32)], via: .rpc)
            try await Task.sleep(for: .milliseconds(500))
            let start = ContinuousClock.now
            try await Self.run(pgCtl, "stop")
            do {
                let (http, rpc) = try await (viaHTTP, viaRPC)
                #expect(http.status == 503)
                #expect(http.json["detail"] == "Service temporarily unavailable")
                #expect(rpc.status == 503)
                #expect(ContinuousClock.now - start < .seconds(8), "\(ContinuousClock.now - start)")
            } catch {
                try await Self.run(pgCtl, "start")
                throw error
            }
            for holder in holders {
                holder.cancel()
                await holder.value
            }
            try await Self.run(pgCtl, "start")
            try await Self.expectRecovery(shop)
        }
    }

    /// Orders, items, stock and payments agree: every order has its items and their total, the
    /// stock taken equals what live orders hold, and an order is confirmed exactly when it has
    /// a paid payment.
    static func expectConsistent(_ sql: any SQLDatabase, products: [Int]) async throws {
        let checks = [
            "orders without items":
                "SELECT COUNT(*) AS n FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id)",
            "orders whose total is not their items'": """
            SELECT COUNT(*) AS n FROM orders o WHERE o.total_cents <>
                (SELECT SUM(i.quantity * i.price_cents) FROM order_items i WHERE i.order_id = o.id)
            """,
            "confirmed orders without a paid payment": """
            SELECT COUNT(*) AS n FROM orders o WHERE o.status = 'confirmed'
                AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id AND p.status = 'paid')
            """,
            "paid payments of unconfirmed orders": """
            SELECT COUNT(*) AS n FROM payments p JOIN orders o ON o.id = p.order_id
                WHERE p.status = 'paid' AND o.status <> 'confirmed'
            """,
            "products whose stock does not match their orders": """
            SELECT COUNT(*) AS n FROM inventory v WHERE v.product_id IN (\(products.map(String.init).joined(separator: ",")))
                AND \(stock) - v.qty <> (SELECT COALESCE(SUM(i.quantity), 0) FROM order_items i
                    JOIN orders o ON o.id = i.order_id WHERE i.product_id = v.product_id AND o.status <> 'canceled')
            """,
        ]
        for (name, query) in checks {
            let count = try await sql.raw(SQLQueryString(query)).first()?.decode(column: "n", as: Int.self)
            #expect(count == 0, "\(name): \(count.map(String.init) ?? "no answer")")
        }
    }

    /// Waits up to 30 s for the server to answer a listing from the database again.
    static func expectRecovery(_ shop: Shop) async throws {
        var recovered = false
        for _ in 0..<120 where !recovered {
            recovered = try await shop.app.http(.get, "/products?limit=8&sort=price_desc").status == 200
            if !recovered { try await Task.sleep(for: .milliseconds(250)) }
        }
        #expect(recovered, "the server did not recover after PostgreSQL came back")
    }

    /// Runs the cluster's pg_ctl wrapper (`stop` is fast mode: sessions are disconnected).
    /// Through `system`, not `Process`: `pg_ctl start` leaves a daemon holding descriptors
    /// inherited from the launcher, and Foundation's `waitUntilExit` then never returns. On a
    /// thread of its own, since it blocks for as long as PostgreSQL takes to stop or start.
    static func run(_ pgCtl: String, _ action: String) async throws {
        let arguments = action == "stop" ? "-m fast stop" : action
        let status = try await RawConnection.offload { system("'\(pgCtl)' \(arguments) </dev/null >/dev/null 2>&1") }
        #expect(status == 0, "pg_ctl \(action) exited with \(status)")
    }
}
