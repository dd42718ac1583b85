import Foundation
import Kernel
import TestSupport
import Testing

/// OWASP API1 (broken object-level authorization): a customer cannot read, cancel or pay
/// another customer's order, nor list its payments. Every customer operation of the orders and
/// payments modules that names an order is tried (taken from the operation table, so a new one
/// is covered), and the answer is exactly the 404 of an order that does not exist: order
/// numbers reveal nothing. (Function-level authorization: `AccessControlTests`.)
@Suite("Security: object-level authorization")
struct ObjectLevelAuthorizationTests {
    /// Customer operations of orders and payments that name no order; checked one by one below.
    static let callerScoped: Set<String> = ["orders.create", "orders.mine"]

    @Test(arguments: Shop.matrix)
    func anotherCustomersOrderLooksMissing(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let product = try await shop.product(price: 1500, stock: 10)
            let owner = try await shop.customer()
            let intruder = try await shop.customer()
            let fresh = try await shop.placedOrder([(product, 2)], as: owner)
            let paid = try await shop.placedOrder([(product, 1)], as: owner)
            #expect(try await shop.onOrder("payments.pay", paid, as: owner.token).status == 201)
            let missing = max(fresh, paid) + 1_000

            let customerOperations = shop.app.runtime.table.operations.filter {
                ["orders", "payments"].contains($0.moduleID) && $0.access == .user
            }
            let naming = customerOperations.filter { $0.inputFields.contains { $0.name == "order_id" } }
            #expect(
                Set(customerOperations.map(\.method)).subtracting(naming.map(\.method)) == Self.callerScoped,
                "a new customer operation of orders or payments needs an object-level check here")
            #expect(naming.count >= 4, "\(naming.map(\.method))")
            for operation in naming {
                let absent = try await shop.onOrder(operation.method, missing, as: intruder.token, via: via)
                #expect(absent.status == 404, "\(operation.method)")
                for order in [fresh, paid] {
                    let foreign = try await shop.onOrder(operation.method, order, as: intruder.token, via: via)
                    #expect(foreign.status == 404, "\(operation.method) on another's \(order)")
                    #expect(foreign.body == absent.body, "\(operation.method): the answer reveals that \(order) exists")
                }
            }
            // A superuser may read any order, but pays only their own (as the original).
            #expect(try await shop.onOrder("orders.get", fresh, as: shop.adminToken, via: via).status == 200)
            #expect(try await shop.onOrder("payments.pay", fresh, as: shop.adminToken, via: via).status == 404)

            // Nothing changed: the owner still sees a new order and a confirmed one, paid once.
            #expect(try await shop.onOrder("orders.get", fresh, as: owner.token).string("status") == "new")
            #expect(try await shop.onOrder("orders.get", paid, as: owner.token).string("status") == "confirmed")
            #expect(try await shop.onOrder("payments.list", fresh, as: owner.token).array.isEmpty)
            #expect(try await shop.onOrder("payments.list", paid, as: owner.token).array.count == 1)
            #expect(try await shop.stock(product) == 7)
            // Listing is scoped to the caller whatever the params say.
            let mine = try await shop.app.call(
                "orders.mine", ["user_id": .int(Int64(owner.id))], via: via, token: intruder.token)
            #expect(mine.status == 200)
            #expect(mine.array.isEmpty)
        }
    }

    @Test(arguments: Shop.matrix)
    func idempotencyKeysBelongToTheirUser(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let product = try await shop.product(price: 700, stock: 10)
            let owner = try await shop.customer()
            let intruder = try await shop.customer()
            let key = "shared-\(UUID().uuidString)"
            let first = try await shop.order([(product, 1)], as: owner, via: via, key: key)
            #expect(first.status == 201)
            // The same key and body from someone else is their own new order, not a replay of the owner's.
            let second = try await shop.order([(product, 1)], as: intruder, via: via, key: key)
            #expect(second.status == 201)
            let ownerOrder = try #require(first.int("id"))
            let intruderOrder = try #require(second.int("id"))
            #expect(ownerOrder != intruderOrder)
            #expect(try await shop.onOrder("orders.get", intruderOrder, as: intruder.token).status == 200)
            #expect(try await shop.onOrder("orders.get", ownerOrder, as: intruder.token).status == 404)
            // Payment keys likewise: the intruder's key pays the intruder's order only.
            let payKey = "pay-\(UUID().uuidString)"
            let paid = try await shop.onOrder("payments.pay", ownerOrder, as: owner.token, via: via, key: payKey)
            #expect(paid.status == 201)
            let replay = try await shop.onOrder("payments.pay", ownerOrder, as: intruder.token, via: via, key: payKey)
            #expect(replay.status == 404)
            let own = try await shop.onOrder("payments.pay", intruderOrder, as: intruder.token, via: via, key: payKey)
            #expect(own.status == 201)
            #expect(own.int("order_id") == intruderOrder)
        }
    }
}
