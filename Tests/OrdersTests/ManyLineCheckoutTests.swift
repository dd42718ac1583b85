import Kernel
import TestSupport
import Testing

/// Orders whose stock is taken in one statement: many lines, duplicates, untracked products and
/// rows taken concurrently in every order still leave the stock exact.
@Suite struct ManyLineCheckoutTests {
    @Test(arguments: TestEnvironment.backends)
    func manyLinesWithDuplicatesAndUntrackedProductsTakeExactStock(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            var tracked: [Int] = []
            for index in 0..<12 { tracked.append(try await shop.product(price: 100 + index, stock: 50)) }
            let rowless = try await shop.product(price: 7, stock: nil)
            let untracked = try await shop.product(price: 9, stock: nil)
            try await shop.admin(
                "inventory.set", ["prod_id": .int(Int64(untracked)), "qty": 1, "track_inventory": false])
            // Highest id first, every tracked product twice, the untracked ones in between.
            var lines: [(Int, Int)] = []
            for (index, product) in tracked.reversed().enumerated() { lines.append((product, index + 1)) }
            lines += [(rowless, 1_000), (untracked, 500)]
            for (index, product) in tracked.enumerated() { lines.append((product, 2 * index + 1)) }
            let reply = try await shop.order(lines, as: buyer)
            #expect(reply.status == 201)
            guard case .array(let items)? = reply["items"] else { throw TestSetupError("no items: \(reply.body)") }
            #expect(items.map { $0["product_id"] } == lines.map { .int(Int64($0.0)) })
            #expect(items.map { $0["quantity"] } == lines.map { .int(Int64($0.1)) })
            let ids = items.compactMap { item -> Int64? in
                if case .int(let id)? = item["id"] { return id }
                return nil
            }
            #expect(ids == ids.sorted() && Set(ids).count == lines.count)
            let prices = [rowless: 7, untracked: 9].merging(
                tracked.enumerated().map { ($1, 100 + $0) }, uniquingKeysWith: { $1 })
            #expect(reply.int("total_cents") == lines.reduce(0) { $0 + (prices[$1.0] ?? 0) * $1.1 })
            for (index, product) in tracked.enumerated() {
                let taken = (tracked.count - index) + (2 * index + 1)
                #expect(try await shop.stock(product) == 50 - taken)
            }
            #expect(try await shop.stock(rowless) == nil)
            #expect(try await shop.stock(untracked) == 1)

            // The order reads back as it was answered.
            let stored = try await shop.onOrder("orders.get", try #require(reply.int("id")), as: buyer.token)
            #expect(stored["items"] == reply["items"])
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func aShortLineAmongManyRollsEverythingBack(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            var products: [Int] = []
            for _ in 0..<6 { products.append(try await shop.product(stock: 5)) }
            let rowless = try await shop.product(stock: nil)
            try await shop.setStock(products[1], 1)
            try await shop.setStock(products[4], 2)
            // Both short; the later-listed one has the lower id, the first listed decides.
            let lines = [(products[0], 5), (rowless, 9), (products[4], 3), (products[5], 2), (products[1], 2)]
            let short = try await shop.order(lines, as: buyer)
            #expect(short.status == 400)
            #expect(short.detail == .string("Not enough stock for product \(products[4])."))
            // Duplicates that fit apart but not together are short too.
            let merged = try await shop.order([(products[2], 3), (products[3], 1), (products[2], 3)], as: buyer)
            #expect(merged.detail == .string("Not enough stock for product \(products[2])."))
            #expect(try await shop.stock(products[0]) == 5)
            #expect(try await shop.stock(products[1]) == 1)
            #expect(try await shop.stock(products[3]) == 5)
            #expect(try await shop.stock(products[5]) == 5)
            #expect(try await shop.orderCount() == 0)
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func parallelManyLineOrdersInEveryOrderNeverOversellOrDeadlock(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let stock = 40
            var products: [Int] = []
            for _ in 0..<4 { products.append(try await shop.product(price: 100, stock: stock)) }
            let untracked = try await shop.product(price: 100, stock: nil)
            var buyers: [Shop.Customer] = []
            for _ in 0..<8 { buyers.append(try await shop.customer()) }
            let orders = (0..<48).map { index in
                // Each order names every product, rotated and sometimes reversed, one twice.
                var lines = products.indices.map { (products[($0 + index) % products.count], 1 + ($0 + index) % 2) }
                if index.isMultiple(of: 3) { lines.reverse() }
                lines.insert((untracked, 3), at: index % lines.count)
                lines.append((lines[0].0 == untracked ? lines[1].0 : lines[0].0, 1))
                return lines
            }
            let replies = try await withThrowingTaskGroup(of: ([(Int, Int)], Reply).self) { group in
                for (index, lines) in orders.enumerated() {
                    let buyer = buyers[index % buyers.count]
                    group.addTask {
                        (lines, try await shop.order(lines, as: buyer, via: index % 2 == 0 ? .http : .rpc))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.allSatisfy { $0.1.status == 201 || $0.1.status == 400 })
            let refusals = replies.compactMap { $0.1.status == 400 ? $0.1.detail?.stringValue : nil }
            #expect(refusals.allSatisfy { $0.hasPrefix("Not enough stock for product ") })
            var sold: [Int: Int] = [:]
            for (lines, reply) in replies where reply.status == 201 {
                for (product, quantity) in lines { sold[product, default: 0] += quantity }
            }
            #expect(replies.contains { $0.1.status == 201 } && replies.contains { $0.1.status == 400 })
            for product in products {
                #expect(try await shop.stock(product) == stock - (sold[product] ?? 0))
            }
            #expect(try await shop.orderCount() == replies.filter { $0.1.status == 201 }.count)
        }
    }
}
