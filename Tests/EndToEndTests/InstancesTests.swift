import Foundation
import Kernel
import TestSupport
import Testing

/// Two `ecom serve` processes on one PostgreSQL database and one Redis, as behind a load
/// balancer: whatever instance a request reaches, the answers are those of a single server.
@Suite("several instances", .enabled(if: TestEnvironment.backends.contains(.postgres)))
struct InstancesTests {
    static let password = "correct horse battery"

    /// Two servers started at the same moment on one config (a fresh, un-migrated database).
    struct Pair: Sendable {
        let a: ServerProcess
        let b: ServerProcess
        let configPath: String
        let databaseURL: String

        /// A superuser made with the CLI, logged in on `a`.
        func adminToken() async throws -> String {
            let email = "admin-\(UUID().uuidString.prefix(8).lowercased())@example.com"
            try EcomProcess.createSuperuser(config: configPath, email: email, password: password)
            return try await a.login(email, password: password)
        }

        /// `count` customers registered and logged in over HTTP, alternately on `a` and `b`.
        func customers(_ count: Int) async throws -> [String] {
            try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<count {
                    let server = index.isMultiple(of: 2) ? a : b
                    group.addTask {
                        try await server.signUp(
                            "buyer-\(index)-\(UUID().uuidString.prefix(8).lowercased())@example.com",
                            password: password)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }

        /// A product created on `a`, with `stock` tracked units.
        func product(price: Int, stock: Int?, admin: String) async throws -> Int {
            let slug = "p-\(UUID().uuidString.prefix(12).lowercased())"
            let created = try await a.call(
                "POST", "/admin/products",
                json: [
                    "sku": .string(slug), "name": .string("Product \(slug)"), "slug": .string(slug),
                    "price_cents": .int(Int64(price)),
                ], token: admin)
            guard created.status == 201, let id = created.int("id") else {
                throw TestSetupError("product not created: \(created.json)")
            }
            if let stock {
                let set = try await a.call(
                    "PATCH", "/admin/products/\(id)/inventory",
                    json: ["qty": .int(Int64(stock)), "track_inventory": true], token: admin)
                guard set.status == 200 else { throw TestSetupError("stock not set: \(set.json)") }
            }
            return id
        }
    }

    /// Starts the pair on a fresh database and the test Redis, runs `body`, and checks that both
    /// servers then stop cleanly.
    static func withPair(logLevel: String = "warning", _ body: @Sendable (Pair) async throws -> Void) async throws {
        let redis = try TestEnvironment.requireServices().redis
        try await TestDatabase.with(.postgres) { databaseURL in
            let (path, directory) = try EcomProcess.writeConfig(
                EcomProcess.config(databaseURL: databaseURL, cacheURL: redis, logLevel: logLevel))
            defer { try? FileManager.default.removeItem(at: directory) }
            async let first = ServerProcess(config: path)
            async let second = ServerProcess(config: path)
            let pair = Pair(a: try await first, b: try await second, configPath: path, databaseURL: databaseURL)
            try await body(pair)
            #expect(try await pair.a.stop() == 0)
            #expect(try await pair.b.stop() == 0)
        }
    }

    @Test func startedTogetherOnAnEmptyDatabaseTheyMigrateOnce() async throws {
        try await Self.withPair(logLevel: "info") { pair in
            for server in [pair.a, pair.b] {
                #expect(try await server.call("GET", "/healthz").status == 200)
            }
            let ledger = try await SQLProbe.rows(
                pair.databaseURL,
                "SELECT module, CAST(version AS TEXT), CAST(COUNT(*) AS TEXT) FROM ecom_migrations GROUP BY module, version"
            )
            let status = try EcomProcess.run(["migrate", "--status", "--config", pair.configPath])
            let known = status.stdout.split(separator: "\n").filter {
                $0.hasPrefix("applied") || $0.hasPrefix("pending")
            }
            #expect(!known.isEmpty && known.allSatisfy { $0.hasPrefix("applied") }, "\(status.stdout)")
            #expect(ledger.count == known.count)
            #expect(ledger.allSatisfy { $0[2] == "1" })
            _ = try await pair.a.stop()
            _ = try await pair.b.stop()
            // Each migration ran in exactly one of the two processes; the other found it applied.
            let applied = (pair.a.logs() + pair.b.logs()).split(separator: "\n").filter {
                $0.contains("applied migration")
            }
            #expect(applied.count == known.count, "\(applied)")
        }
    }

    @Test func ordersAndPaymentsOnBothInstancesNeverOversellOrPayTwice() async throws {
        try await Self.withPair { pair in
            let admin = try await pair.adminToken()
            let stock = 10
            let scarce = try await pair.product(price: 500, stock: stock, admin: admin)
            let repriced = try await pair.product(price: 1_000, stock: nil, admin: admin)
            let buyers = try await pair.customers(2 * stock + 4)
            // One customer's order, paid through both instances at once below.
            let payer = buyers[0]
            let order = try await pair.a.call(
                "POST", "/orders", json: ["items": [["product_id": .int(Int64(repriced)), "quantity": 2]]],
                token: payer)
            let orderID = try #require(order.int("id"), "\(order.json)")

            let statuses = try await withThrowingTaskGroup(of: (String, Int).self) { group in
                for (index, buyer) in buyers.enumerated() {
                    let server = index.isMultiple(of: 2) ? pair.a : pair.b
                    group.addTask {
                        let answer = try await server.call(
                            "POST", "/orders", json: ["items": [["product_id": .int(Int64(scarce)), "quantity": 1]]],
                            token: buyer)
                        return ("order", answer.status)
                    }
                }
                for attempt in 0..<6 {
                    let server = attempt.isMultiple(of: 2) ? pair.a : pair.b
                    group.addTask {
                        ("pay", try await server.call("POST", "/orders/\(orderID)/pay", token: payer).status)
                    }
                }
                group.addTask {
                    // Admin writes on one instance while the others buy.
                    for step in 1...5 {
                        let answer = try await pair.a.call(
                            "PATCH", "/admin/products/\(repriced)", json: ["price_cents": .int(Int64(1_000 + step))],
                            token: admin)
                        guard answer.status == 200 else { return ("admin", answer.status) }
                    }
                    return ("admin", 200)
                }
                group.addTask {
                    for _ in 0..<10 {
                        let answer = try await pair.b.call("GET", "/products/\(scarce)")
                        guard answer.status == 200 else { return ("read", answer.status) }
                    }
                    return ("read", 200)
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let orders = statuses.filter { $0.0 == "order" }.map(\.1)
            let payments = statuses.filter { $0.0 == "pay" }.map(\.1)
            #expect(orders.filter { $0 == 201 }.count == stock, "\(orders)")
            #expect(orders.allSatisfy { $0 == 201 || $0 == 400 }, "\(orders)")
            #expect(payments.filter { $0 == 201 }.count == 1, "\(payments)")
            #expect(payments.allSatisfy { [201, 400, 409].contains($0) }, "\(payments)")
            #expect(statuses.filter { ["admin", "read"].contains($0.0) }.allSatisfy { $0.1 == 200 }, "\(statuses)")

            let url = pair.databaseURL
            #expect(
                try await SQLProbe.int(url, "SELECT CAST(qty AS TEXT) FROM inventory WHERE product_id = \(scarce)") == 0
            )
            #expect(
                try await SQLProbe.int(
                    url, "SELECT CAST(COALESCE(SUM(quantity), 0) AS TEXT) FROM order_items WHERE product_id = \(scarce)"
                )
                    == stock)
            #expect(
                try await SQLProbe.int(
                    url, "SELECT CAST(COUNT(DISTINCT order_id) AS TEXT) FROM order_items WHERE product_id = \(scarce)")
                    == stock)
            let paid = try await SQLProbe.rows(
                url, "SELECT status FROM payments WHERE order_id = \(orderID) AND status IN ('paid', 'pending')")
            #expect(paid == [["paid"]])
            #expect(try await SQLProbe.rows(url, "SELECT status FROM orders WHERE id = \(orderID)") == [["confirmed"]])
            // Stock sold on either instance shows on the other's (cached) product detail.
            for server in [pair.a, pair.b] {
                let detail = try await server.call("GET", "/products/\(scarce)")
                #expect(detail.int("inventory_qty") == 0, "\(detail.json)")
            }
        }
    }

    @Test func aWriteOnOneInstanceIsSeenAtOnceOnTheOther() async throws {
        try await Self.withPair { pair in
            let admin = try await pair.adminToken()
            let product = try await pair.product(price: 1_000, stock: 5, admin: admin)
            let before = try MetricsScrape(await pair.b.request("GET", "/metrics").body)
            for round in 1...5 {
                // Warm B's cached listing and detail, then change the price on A.
                for _ in 0..<2 {
                    #expect(try await pair.b.call("GET", "/products?limit=100").status == 200)
                    #expect(try await pair.b.call("GET", "/products/\(product)").status == 200)
                }
                let price = 1_000 + round
                let patched = try await pair.a.call(
                    "PATCH", "/admin/products/\(product)", json: ["price_cents": .int(Int64(price))], token: admin)
                #expect(patched.status == 200)
                let detail = try await pair.b.call("GET", "/products/\(product)")
                #expect(detail.int("price_cents") == price, "round \(round): \(detail.json)")
                let listing = try await pair.b.call("GET", "/products?limit=100")
                guard case .array(let items)? = listing.json["items"] else {
                    Issue.record("no items in \(listing.json)")
                    return
                }
                let listed = items.first { $0["id"] == .int(Int64(product)) }
                #expect(listed?["price_cents"] == .int(Int64(price)), "round \(round): \(listing.json)")
            }
            // B really served from the shared cache in between, so the check above is not vacuous.
            let after = try MetricsScrape(await pair.b.request("GET", "/metrics").body)
            let hits =
                after.value("ecom_cache_requests_total", ["result": "hit"])
                - before.value("ecom_cache_requests_total", ["result": "hit"])
            #expect(hits >= 10, "\(after.text)")
        }
    }
}
