import Kernel
import TestSupport
import Testing

/// The original sold 18–20 units from a stock of 5 under concurrency; this must sell exactly 5.
@Suite struct OversellingTests {
    @Test(arguments: TestEnvironment.backends)
    func fiftyParallelBuyersShareFiveUnits(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let product = try await shop.product(price: 100, stock: 5)
            var buyers: [Shop.Customer] = []
            for _ in 0..<50 { buyers.append(try await shop.customer()) }
            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for (index, buyer) in buyers.enumerated() {
                    group.addTask {
                        try await shop.order([(product, 1)], as: buyer, via: index % 2 == 0 ? .http : .rpc)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.filter { $0.status == 201 }.count == 5)
            let refused = replies.filter { $0.status == 400 }
            #expect(refused.count == 45)
            #expect(refused.allSatisfy { $0.detail == .string("Not enough stock for product \(product).") })
            #expect(try await shop.orderCount() == 5)
            #expect(try await shop.stock(product) == 0)
        }
    }
}
