import Foundation
import Kernel
import Orders
import TestSupport
import Testing

/// `Idempotency-Key` on `orders.create` and `payments.pay`, kept in the database.
@Suite struct IdempotencyTests {
    @Test(arguments: Shop.matrix)
    func theSameRequestIsReplayedByteForByte(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let product = try await shop.product(stock: 5)
            let first = try await shop.order([(product, 2)], as: buyer, via: via, key: "key-1")
            let second = try await shop.order([(product, 2)], as: buyer, via: via, key: "key-1")
            #expect(first.status == 201 && second.status == 201)
            #expect(first.bytes == second.bytes)
            #expect(try await shop.orderCount() == 1)
            #expect(try await shop.stock(product) == 3)
            // The other transport honours the same key.
            let other = try await shop.order([(product, 2)], as: buyer, via: via == .http ? .rpc : .http, key: "key-1")
            #expect(other.body == first.body)

            let id = try #require(first.int("id"))
            let paid = try await shop.onOrder("payments.pay", id, as: buyer.token, via: via, key: "pay-1")
            let replayed = try await shop.onOrder("payments.pay", id, as: buyer.token, via: via, key: "pay-1")
            #expect(paid.status == 201 && replayed.status == 201 && paid.bytes == replayed.bytes)
            #expect(try await shop.onOrder("payments.list", id, as: buyer.token).array.count == 1)
        }
    }

    @Test(arguments: Shop.matrix)
    func aKeyReusedForAnotherRequestIs422(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let product = try await shop.product(stock: 5)
            _ = try await shop.order([(product, 1)], as: buyer, via: via, key: "k")
            let changed = try await shop.order([(product, 2)], as: buyer, via: via, key: "k")
            #expect(changed.status == 422)
            #expect(changed.detail == "Idempotency-Key has already been used for a different request.")
            let id = try await shop.placedOrder([(product, 1)], as: buyer)
            let otherOperation = try await shop.onOrder("payments.pay", id, as: buyer.token, via: via, key: "k")
            #expect(otherOperation.status == 422)
            // Keys belong to their user.
            let stranger = try await shop.customer()
            #expect(try await shop.order([(product, 2)], as: stranger, via: via, key: "k").status == 201)
            #expect(try await shop.orderCount() == 3)
        }
    }

    /// Keys are printable ASCII: a header value that is not valid UTF-8 arrives with `U+FFFD`
    /// in place of its bytes, so different keys would read alike and replay each other.
    @Test(arguments: Shop.matrix)
    func keysOutsidePrintableASCIIAreRefused(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let product = try await shop.product(stock: 5)
            for key in ["key-\u{FFFD}", "key-é", "key\ttab"] {
                let reply = try await shop.order([(product, 1)], as: buyer, via: via, key: key)
                #expect(reply.status == 422, "\(key): \(reply.body)")
                guard case .array(let issues)? = reply.detail, case .object(let issue)? = issues.first else {
                    Issue.record("no issue: \(reply.body)")
                    continue
                }
                #expect(issue["input"] == "**********", "keys are not echoed: \(reply.body)")
            }
            #expect(try await shop.orderCount() == 0)
            #expect(try await shop.order([(product, 1)], as: buyer, via: via, key: "order 7/a~").status == 201)
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func aFailedRequestFreesItsKey(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let product = try await shop.product(stock: 1)
            let short = try await shop.order([(product, 2)], as: buyer, key: "retry")
            #expect(short.status == 400)
            try await shop.setStock(product, 2)
            let retried = try await shop.order([(product, 2)], as: buyer, key: "retry")
            #expect(retried.status == 201)
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func aRunningKeyIs409UntilItsLeaseExpiresAndOldKeysAreForgotten(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let product = try await shop.product(stock: 5)
            let items: JSONValue = [["product_id": .int(Int64(product)), "quantity": 1]]
            let request = try #require(
                IdempotentRequest(key: "busy", userID: Int64(buyer.id), method: "orders.create", params: items))
            let db = shop.app.runtime.database
            let now = Date()
            try await db.transaction { tx in
                try await tx.raw(
                    """
                    INSERT INTO idempotency_keys (user_id, idempotency_key, method, fingerprint, state, created_at, locked_at)
                    VALUES (\(bind: request.userID), 'busy', 'orders.create', \(bind: request.fingerprint), 'running',
                        \(bind: now), \(bind: now))
                    """
                ).run()
            }
            let busy = try await shop.order([(product, 1)], as: buyer, key: "busy")
            #expect(busy.status == 409)
            #expect(try await shop.orderCount() == 0)

            let old = now.addingTimeInterval(-120)
            try await db.transaction { tx in
                try await tx.raw("UPDATE idempotency_keys SET locked_at = \(bind: old)").run()
            }
            #expect(try await shop.order([(product, 1)], as: buyer, key: "busy").status == 201)

            let yesterday = now.addingTimeInterval(-25 * 3600)
            try await db.transaction { tx in
                try await tx.raw("UPDATE idempotency_keys SET created_at = \(bind: yesterday)").run()
            }
            #expect(try await shop.order([(product, 3)], as: buyer, key: "busy").status == 201)
            #expect(try await shop.orderCount() == 2)
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func tenParallelRequestsWithOneKeyPlaceOneOrder(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let product = try await shop.product(stock: 100)
            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for index in 0..<10 {
                    group.addTask {
                        try await shop.order([(product, 1)], as: buyer, via: index % 2 == 0 ? .http : .rpc, key: "once")
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(try await shop.orderCount() == 1)
            #expect(try await shop.stock(product) == 99)
            let created = replies.filter { $0.status == 201 }
            #expect(!created.isEmpty)
            #expect(Set(created.compactMap { $0.int("id") }).count == 1)
            #expect(replies.allSatisfy { $0.status == 201 || $0.status == 409 }, "\(replies.map(\.status))")
        }
    }
}
